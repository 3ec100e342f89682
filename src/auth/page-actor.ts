import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Actor, canUseSalesConsole, isAdmin } from "@/features/accounts/load-actor";
import type { Permission } from "./guards";
import { getActor } from "./session";

// Layout and page of one request share one lookup of the session and profile.
const currentActor = cache(async () => getActor(await headers()));

/**
 * For pages and layouts: the signed-in actor, or a redirect (to sign in, or to the dashboard when the
 * console is not theirs). Data the page then reads goes through feature functions that check again.
 */
export async function requirePageActor(permission: Permission = "signed-in"): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (permission === "admin" && !isAdmin(actor)) redirect("/dashboard");
  if (permission === "sales" && !canUseSalesConsole(actor)) redirect("/dashboard");
  return actor;
}
