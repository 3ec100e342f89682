// The PostgreSQL suite runs as a non-superuser owner, as production does: a superuser would ignore
// FORCE ROW LEVEL SECURITY and the RLS proofs would prove nothing.
export const OWNER_ROLE = "frontdesk_owner";

export function asRole(url: string, role: string, database?: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = "frontdesk";
  if (database) u.pathname = `/${database}`;
  return u.toString();
}
