import { type AccessSubject, memberAccess } from "./access";

// Which paths the gate guards (SPEC §4). Paid surfaces added later go into MEMBER_AREA.
const MEMBER_AREA = ["/dashboard"];
const SESSION_REQUIRED = [...MEMBER_AREA, "/upgrade", "/settings", "/team", "/sales", "/admin"];
// Inside those, pages a signed-out person must reach: an invitation link shows its team before the
// invitee signs in or signs up, and its page asks for a session only to accept.
const OPEN_WITHOUT_SESSION = ["/team/invite"];

const under = (pathname: string, prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

export const needsSession = (pathname: string) =>
  SESSION_REQUIRED.some((p) => under(pathname, p)) && !OPEN_WITHOUT_SESSION.some((p) => under(pathname, p));

export type GateDecision = { action: "pass" } | { action: "redirect"; to: string };

/**
 * The gate's whole rule: signed-out people go to sign in (and come back), signed-in people without
 * access leave the member area for /upgrade, and the consoles are only for those who may use them.
 * Billing-exempt accounts, admins and sales reps are never sent to /upgrade.
 */
export function gateDecision(
  pathname: string,
  search: string,
  subject: AccessSubject | null,
  now = new Date(),
): GateDecision {
  if (!needsSession(pathname)) return { action: "pass" };
  if (!subject) return { action: "redirect", to: `/login?next=${encodeURIComponent(pathname + search)}` };
  const staff = subject.role === "admin" || subject.isSales;
  if (under(pathname, "/admin") && subject.role !== "admin") return { action: "redirect", to: "/dashboard" };
  if (under(pathname, "/sales") && !staff) return { action: "redirect", to: "/dashboard" };
  if (MEMBER_AREA.some((p) => under(pathname, p)) && !memberAccess(subject, now).allowed) {
    return { action: "redirect", to: "/upgrade" };
  }
  return { action: "pass" };
}
