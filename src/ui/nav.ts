// One list per console: the sidebar, the profile menu and tests all read these, never a copy.

export type Console = "member" | "sales" | "admin";
export type NavItem = { href: string; label: string };

export const navigation: Record<Console, { title: string; items: NavItem[] }> = {
  member: {
    title: "Frontdesk",
    items: [
      { href: "/dashboard", label: "Dashboard" },
      { href: "/team", label: "Team" },
      { href: "/settings/account", label: "Account" },
      { href: "/settings/billing", label: "Billing" },
    ],
  },
  sales: {
    title: "Sales Console",
    items: [
      { href: "/sales/leads", label: "Leads" },
      { href: "/sales/dashboard", label: "Dashboard" },
    ],
  },
  admin: {
    title: "Admin Console",
    items: [
      { href: "/admin", label: "Overview" },
      { href: "/admin/users", label: "Users" },
      { href: "/admin/teams", label: "Teams" },
      { href: "/admin/leads", label: "Leads" },
      { href: "/admin/billing", label: "Billing" },
      { href: "/admin/audit", label: "Audit log" },
      { href: "/admin/outbox", label: "Outbox" },
    ],
  },
};

/** The consoles a person may switch to from the profile menu. */
export function consoleLinks(actor: { role: string; isSales: boolean }): NavItem[] {
  const links: NavItem[] = [{ href: "/dashboard", label: "Member area" }];
  if (actor.isSales || actor.role === "admin") links.push({ href: "/sales", label: "Sales Console" });
  if (actor.role === "admin") links.push({ href: "/admin", label: "Admin Console" });
  return links;
}
