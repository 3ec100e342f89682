import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Actor } from "@/features/accounts/load-actor";
import { hasPermission, type Permission } from "@/features/accounts/permissions";
import { ACTOR_HEADER, takeForwardedActor } from "./forwarded-actor";
import { getActor } from "./session";

// Layout and page of one request share one lookup of the session and profile: the one the proxy made and
// handed to the render (forwarded-actor.ts), else their own.
const currentActor = cache(async () => {
  const requestHeaders = await headers();
  const forwarded = takeForwardedActor(requestHeaders.get(ACTOR_HEADER), requestHeaders.get("cookie"));
  return forwarded === undefined ? getActor(requestHeaders) : forwarded;
});

/**
 * For pages and layouts: the signed-in actor, or a redirect (to sign in, or to the dashboard when the
 * console is not theirs). Data the page then reads goes through feature functions that check again.
 */
export async function requirePageActor(permission: Permission = "signed-in"): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (!hasPermission(actor, permission)) redirect("/dashboard");
  return actor;
}

/** For public pages that adapt to a signed-in visitor (pricing): the actor, or null for a visitor. */
export async function currentPageActor(): Promise<Actor | null> {
  return currentActor();
}
