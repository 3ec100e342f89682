import { type NextRequest, NextResponse } from "next/server";
import { ACTOR_HEADER, forwardActor } from "@/auth/forwarded-actor";
import { getActor } from "@/auth/session";
import { gateDecision, needsSession } from "@/features/accounts/gate";

/** The gate (SPEC §4). Route handlers and server actions still authorize themselves: this only steers pages. */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!needsSession(pathname)) return NextResponse.next();
  const actor = await getActor(request.headers);
  const decision = gateDecision(pathname, search, actor);
  if (decision.action === "pass") {
    // The page's own guard reuses this lookup instead of repeating it (forwarded-actor.ts).
    const headers = new Headers(request.headers);
    headers.set(ACTOR_HEADER, forwardActor(actor, request.headers.get("cookie")));
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.redirect(new URL(decision.to, request.url));
}

export const config = {
  // API routes answer 401/403 themselves; static files and Next internals never need a session.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:png|jpg|svg|ico|webp|woff2?)$).*)"],
};
