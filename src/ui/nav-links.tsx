"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./nav";

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The deepest item that holds this page is current: /team/abc highlights Team, /sales/leads/abc
  // highlights Leads and not the dashboard at /sales.
  const current = items
    .map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  const isCurrent = (href: string) => href === current;
  return (
    <nav aria-label="Console" className="flex flex-wrap gap-1 px-2 pb-2 md:flex-col md:flex-nowrap md:pb-4">
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={isCurrent(item.href) ? "page" : undefined}
          className={clsx(
            "whitespace-nowrap rounded-md px-3 py-2 text-sm",
            isCurrent(item.href)
              ? "bg-[var(--shell-active)] font-medium text-white"
              : "hover:bg-[var(--shell-active)]",
          )}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
