import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-8 text-sm text-slate-600">
        <p>Frontdesk — the open-source front office for subscription software.</p>
        <nav aria-label="Footer" className="flex flex-wrap gap-x-4 gap-y-2">
          <Link href="/pricing" className="hover:underline">
            Pricing
          </Link>
          <Link href="/demo" className="hover:underline">
            Book a demo
          </Link>
          <Link href="/signup" className="hover:underline">
            Start free trial
          </Link>
          <Link href="/login" className="hover:underline">
            Sign in
          </Link>
        </nav>
      </div>
    </footer>
  );
}
