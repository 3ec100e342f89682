import { getAuth } from "@/auth/auth";
import { getDb } from "@/db/client";
import { type Actor, loadActor } from "@/features/accounts/load-actor";

/** Resolves the request's session cookie to the current actor, or null for a visitor. */
export async function getActor(headers: Headers): Promise<Actor | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return loadActor(await getDb(), session.user.id);
}
