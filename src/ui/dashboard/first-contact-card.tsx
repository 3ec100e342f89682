import type { Dashboard } from "@/features/dashboard/load-dashboard";
import type { LeadSlice } from "@/features/leads/lead-slice";
import type { Formatter } from "@/lib/format";
import { Num, Section, Stat } from "./dashboard-card";
import { formatCount, formatDuration, formatShare } from "./figures";
import { leadsHref } from "./leads-href";

export function FirstContactCard({
  data,
  cohort,
  format,
}: {
  data: Dashboard;
  cohort: Partial<LeadSlice>;
  format: Formatter;
}) {
  const fc = data.firstContact;
  return (
    <Section
      title="Time to first contact"
      basis="cohort"
      testId="first-contact"
      explains="From submission to the first status change a person made. Claiming alone, and changes the system makes (a sign-up, a payment), do not stop the clock."
    >
      <dl className="grid grid-cols-2 gap-3 text-sm">
        <Stat
          term="Median"
          testId="first-contact-median"
          note={
            <>
              of{" "}
              <Num
                href={leadsHref({}, { ...cohort, contact: "answered" })}
                value={fc.answered}
                label="leads answered"
              />{" "}
              answered
            </>
          }
        >
          <span className="font-semibold">
            {fc.medianSeconds === null ? "—" : formatDuration(fc.medianSeconds)}
          </span>
        </Stat>
        <Stat term="Within 1 hour" note={`${formatShare(fc.within1h, fc.cohort)} of the cohort`}>
          <Num
            href={leadsHref({}, { ...cohort, contact: "within_1h" })}
            value={fc.within1h}
            label="leads answered within 1 hour"
          />
        </Stat>
        <Stat term="Within 24 hours" note={`${formatShare(fc.within24h, fc.cohort)} of the cohort`}>
          <Num
            href={leadsHref({}, { ...cohort, contact: "within_24h" })}
            value={fc.within24h}
            label="leads answered within 24 hours"
          />
        </Stat>
        <Stat
          term="Still waiting"
          tone="amber"
          testId="first-contact-waiting"
          note={
            fc.oldestWaitingAt ? `Oldest since ${format.dateTime(fc.oldestWaitingAt)}` : "Nobody is waiting"
          }
        >
          <Num
            href={leadsHref({}, { ...cohort, contact: "waiting" })}
            value={fc.waiting}
            label="leads still waiting"
          />
        </Stat>
      </dl>
      {fc.closedUnanswered > 0 ? (
        <p className="mt-3 text-xs text-slate-600">
          {formatCount(fc.closedUnanswered)} closed without a person's status change (won by sign-up and
          payment alone).
        </p>
      ) : null}
    </Section>
  );
}
