import Link from "next/link";
import type { Actor } from "@/features/accounts/load-actor";
import { type Console, consoleLinks, navigation } from "./nav";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

/** The one shell every console uses; only its nav list and theme differ. */
export function AppShell({
  console,
  actor,
  signOut,
  children,
}: {
  console: Console;
  actor: Actor;
  /** The sign-out server action (routes own server actions; the shell only renders its form). */
  signOut: () => Promise<void>;
  children: React.ReactNode;
}) {
  const nav = navigation[console];
  return (
    <div data-console={console} className="min-h-screen bg-[var(--shell-bg)] md:flex">
      <aside className="bg-[var(--shell-sidebar)] text-[var(--shell-sidebar-text)] md:min-h-screen md:w-60 md:shrink-0">
        <div className="flex items-center justify-between px-4 py-4 md:block">
          <Link
            href={console === "member" ? "/dashboard" : `/${console}`}
            className="text-lg font-semibold text-white"
          >
            {nav.title}
          </Link>
        </div>
        <NavLinks items={nav.items} />
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2">
          <ProfileMenu actor={actor} signOut={signOut} />
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6 md:px-8">{children}</main>
      </div>
    </div>
  );
}

function ProfileMenu({ actor, signOut }: { actor: Actor; signOut: () => Promise<void> }) {
  return (
    <details className="relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-1.5 text-sm hover:bg-slate-100"
        aria-label={`Account menu for ${actor.name}`}
      >
        <span
          aria-hidden
          className="flex h-7 w-7 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white"
        >
          {actor.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="hidden sm:inline">{actor.name}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        <p className="truncate px-4 py-2 text-xs text-slate-500">{actor.email}</p>
        <ul>
          {consoleLinks(actor).map((item) => (
            <li key={item.href}>
              <Link className="block px-4 py-2 text-sm hover:bg-slate-50" href={item.href}>
                {item.label}
              </Link>
            </li>
          ))}
          <li>
            <Link className="block px-4 py-2 text-sm hover:bg-slate-50" href="/settings/account">
              Account settings
            </Link>
          </li>
          <li className="border-t border-slate-100">
            <SignOutButton action={signOut} />
          </li>
        </ul>
      </div>
    </details>
  );
}
