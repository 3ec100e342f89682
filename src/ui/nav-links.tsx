"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./nav";

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const isCurrent = (href: string) =>
    pathname === href || (href.split("/").length > 2 && pathname.startsWith(`${href}/`));
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
