import Link from "next/link";
import { ButtonLink } from "@/ui/button";

export default function HomePage() {
  return (
    <div className="min-h-screen bg-gradient-to-b from-brand-50 to-white">
      <header className="mx-auto flex max-w-5xl items-center justify-between px-4 py-5">
        <span className="text-lg font-semibold">Frontdesk</span>
        <nav className="flex items-center gap-4 text-sm">
          <Link href="/login" className="hover:underline">
            Sign in
          </Link>
          <ButtonLink href="/signup">Start free trial</ButtonLink>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-16">
        <h1 className="max-w-2xl text-4xl font-semibold tracking-tight sm:text-5xl">
          From first demo request to paying customer, in one system.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-slate-700">
          Frontdesk is the front office for subscription software: a demo-request form that never loses a
          lead, a sales console your reps will actually use, memberships billed with Stripe, and an admin
          console that keeps it all honest.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <ButtonLink href="/signup">Start your 14-day trial</ButtonLink>
          <ButtonLink href="/login" variant="secondary">
            Sign in
          </ButtonLink>
        </div>
      </main>
    </div>
  );
}
