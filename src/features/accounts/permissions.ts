import { type Actor, canUseSalesConsole, isAdmin } from "./load-actor";

/** What an operation or a page needs of the signed-in person. */
export type Permission = "signed-in" | "sales" | "admin";

const permits: Record<Permission, (actor: Actor) => boolean> = {
  "signed-in": () => true,
  sales: canUseSalesConsole,
  admin: isAdmin,
};

const refusals: Record<Permission, string> = {
  "signed-in": "",
  sales: "Only sales reps and admins may do this.",
  admin: "Only admins may do this.",
};

export const hasPermission = (actor: Actor, permission: Permission): boolean => permits[permission](actor);

/** The sentence a refused person is shown. */
export const refusalOf = (permission: Permission): string => refusals[permission];
