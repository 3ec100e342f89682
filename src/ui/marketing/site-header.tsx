import Link from "next/link";
import { ButtonLink } from "@/ui/button";

/** The public site's header: what Frontdesk is, and the ways in (SPEC §12). */
export function SiteHeader() {
  return (
    <header className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-5">
      <Link href="/" className="text-lg font-semibold">
        Frontdesk
      </Link>
      <nav aria-label="Site" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <Link href="/pricing" className="hover:underline">
          Pricing
        </Link>
        <Link href="/demo" className="hover:underline">
          Book a demo
        </Link>
        <Link href="/login" className="hover:underline">
          Sign in
        </Link>
        <ButtonLink href="/signup">Start free trial</ButtonLink>
      </nav>
    </header>
  );
}
