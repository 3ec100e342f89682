import Link from "next/link";
import { Badge, Card } from "@/ui/card";
import { formatCount } from "./figures";

// The pieces every dashboard card is made of: the card with its basis, a figure, a number that links.

type Basis = "now" | "cohort" | "activity";

const BASIS_TEXT: Record<Basis, string> = {
  now: "Now",
  cohort: "Cohort",
  activity: "Activity",
};

/** Every card says what it counts: the current state, the leads submitted in the range, or events in it. */
export function Section({
  title,
  basis,
  explains,
  children,
  testId,
}: {
  title: string;
  basis: Basis;
  explains: string;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <Card className="min-w-0">
      <section aria-labelledby={`${testId}-title`} data-testid={testId}>
        <div className="mb-3 flex flex-wrap items-baseline gap-2">
          <h2 id={`${testId}-title`} className="font-medium">
            {title}
          </h2>
          <Badge tone={basis === "now" ? "slate" : basis === "cohort" ? "blue" : "amber"}>
            {BASIS_TEXT[basis]}
          </Badge>
        </div>
        <p className="mb-4 text-xs text-slate-600">{explains}</p>
        {children}
      </section>
    </Card>
  );
}

/** One figure of a card: its term, the figure, and a line under it. */
export function Stat({
  term,
  note,
  tone = "slate",
  testId,
  children,
}: {
  term: string;
  note?: React.ReactNode;
  tone?: "slate" | "amber";
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`rounded-md p-3 ${tone === "amber" ? "bg-amber-50" : "bg-slate-50"}`}>
      <dt className="text-xs text-slate-600">{term}</dt>
      <dd className="mt-1 text-xl" data-testid={testId}>
        {children}
      </dd>
      {note ? <dd className="text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}

export function Num({ href, value, label }: { href: string; value: number; label: string }) {
  return (
    <Link href={href} className="font-semibold text-blue-700 tabular-nums underline-offset-2 hover:underline">
      {formatCount(value)}
      <span className="sr-only"> {label}</span>
    </Link>
  );
}
