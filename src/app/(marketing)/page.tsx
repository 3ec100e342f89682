import { ButtonLink } from "@/ui/button";

const features = [
  {
    title: "A demo form that never loses a request",
    text: "Every request is stored before anything else happens, spam is kept out, and a repeat request joins the lead it belongs to.",
  },
  {
    title: "A sales console reps will use",
    text: "Claim and work leads through the pipeline with live tallies, notes and a full timeline; two reps never work the same lead.",
  },
  {
    title: "Memberships billed with Stripe",
    text: "Trials, monthly and yearly plans, a grace period when a card fails, and comped accounts that simply pass.",
  },
  {
    title: "Leads that close themselves",
    text: "When a lead signs up and starts paying, the system records it: no rep types in a sale.",
  },
];

export default function HomePage() {
  return (
    <main className="mx-auto max-w-5xl px-4 pt-12 pb-20">
      <h1 className="max-w-2xl text-4xl font-semibold tracking-tight sm:text-5xl">
        From first demo request to paying customer, in one system.
      </h1>
      <p className="mt-6 max-w-2xl text-lg text-slate-700">
        Frontdesk is the front office for subscription software: a demo-request form that never loses a lead,
        a sales console your reps will actually use, memberships billed with Stripe, and an admin console that
        keeps it all honest.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <ButtonLink href="/demo">Book a demo</ButtonLink>
        <ButtonLink href="/pricing" variant="secondary">
          See pricing
        </ButtonLink>
        <ButtonLink href="/signup" variant="ghost">
          Start your 14-day trial
        </ButtonLink>
      </div>
      <ul className="mt-16 grid gap-4 sm:grid-cols-2">
        {features.map((f) => (
          <li key={f.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-medium">{f.title}</h2>
            <p className="mt-2 text-sm text-slate-600">{f.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
