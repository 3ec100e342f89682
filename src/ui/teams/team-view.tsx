import Link from "next/link";
import type { TeamDetail } from "@/features/teams/get-team";
import { formatMoney } from "@/lib/format";
import { PaymentPending } from "@/ui/billing/payment-pending";
import { Badge, Card, PageHeader } from "@/ui/card";
import { FormMessage } from "@/ui/field";
import { serverFormat } from "@/ui/server-format";
import type { TeamActions } from "./action-types";
import type { TeamBillingView, TeamPlanOption } from "./billing-types";
import {
  billingStatusLabel,
  billingStatusTone,
  membersWord,
  noSeatReason,
  roleInSentence,
  seatsWord,
} from "./labels";
import { TeamBillingPanel } from "./team-billing-panel";
import { DeleteTeam, LeaveTeam } from "./team-danger-zone";
import { InviteForm, PendingInvitations } from "./team-invitations";
import { TeamMembers } from "./team-members";

export type TeamBanner = "created" | "welcome" | "joined" | "checkout-canceled" | null;

type Props = {
  team: TeamDetail;
  myId: string;
  /** For the team's owners and admins; null for everyone else. */
  billing: TeamBillingView | null;
  plans: TeamPlanOption[];
  actions: TeamActions;
  banner: TeamBanner;
};

/** `/team/[id]`: what a member sees, and for owners and admins everything they manage. */
export function TeamView({ team, myId, billing, plans, actions, banner }: Props) {
  const fmt = serverFormat();
  const manages = team.myRole === "owner" || team.myRole === "admin";
  const { seats } = team;
  const live =
    team.billing.hasSubscription && (team.billing.status === "active" || team.billing.status === "past_due");
  const me = team.members.find((m) => m.userId === myId);
  const owner = team.members.find((m) => m.role === "owner");
  const admins = team.members.filter((m) => m.role === "admin" && m.userId !== myId);
  return (
    <>
      <PageHeader
        title={team.name}
        description={
          team.myRole
            ? `You are ${roleInSentence[team.myRole]} of this team.`
            : "You are viewing this team as an admin of Frontdesk."
        }
        actions={
          <Link href="/team" className="text-sm text-brand-700 underline">
            All your teams
          </Link>
        }
      />
      <div className="grid max-w-4xl gap-6">
        {banner === "created" ? (
          <FormMessage tone="success">
            {`${team.name} was created, with you as its owner. Buy seats below, then invite your people.`}
          </FormMessage>
        ) : null}
        {banner === "checkout-canceled" ? (
          <FormMessage>Checkout was canceled; nothing was charged.</FormMessage>
        ) : null}
        {banner === "joined" && team.myRole ? (
          <FormMessage tone="success">
            {`You joined ${team.name} as ${roleInSentence[team.myRole]}.${me?.holdsSeat && team.billing.givesAccess ? " Your seat gives you full access to Frontdesk." : ""}`}
          </FormMessage>
        ) : null}
        {banner === "welcome" && live ? (
          <FormMessage tone="success">
            {`${team.name} now pays for ${seatsWord(seats.paid)}. Invite your people below.`}
          </FormMessage>
        ) : null}
        {banner === "welcome" && !live ? <PaymentPending /> : null}
        {/* A new team without seats says so in its billing; this is for fewer seats than members. */}
        {manages && seats.paid > 0 && team.membersWithoutSeat > 0 ? (
          <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {`${membersWord(team.membersWithoutSeat)} ${team.membersWithoutSeat === 1 ? "has" : "have"} no seat and no access through this team: it pays for ${seatsWord(seats.paid)} and has ${membersWord(seats.members)}. Seats go to the owner first, then by join order. Add seats or remove members.`}
          </p>
        ) : null}

        <Card>
          <h2 className="mb-3 text-lg font-medium">Billing</h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm" data-testid="team-summary">
            <dt className="text-slate-500">Status</dt>
            <dd>
              <Badge tone={billingStatusTone[team.billing.status]}>
                {billingStatusLabel[team.billing.status]}
              </Badge>
              {team.billing.cancelAtPeriodEnd ? <span className="ml-2 text-amber-800">Canceled</span> : null}
            </dd>
            <dt className="text-slate-500">Plan</dt>
            <dd>
              {billing?.plan
                ? `${billing.plan.name} · ${billing.plan.price} per seat a ${billing.plan.interval}`
                : live
                  ? "Team plan"
                  : "None yet"}
            </dd>
            <dt className="text-slate-500">Seats used / paid</dt>
            <dd data-testid="seats-used-paid">
              {seats.used} / {seats.paid}
              <span className="text-slate-500">
                {` (${membersWord(seats.members)}${seats.pending > 0 ? `, ${seats.pending} pending ${seats.pending === 1 ? "invitation" : "invitations"}` : ""})`}
              </span>
            </dd>
            {live && team.billing.periodEnd ? (
              <>
                <dt className="text-slate-500">{team.billing.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
                <dd data-testid="team-renewal">{fmt.longDate(team.billing.periodEnd)}</dd>
              </>
            ) : null}
            {team.billing.status === "past_due" && team.billing.graceEndsAt ? (
              <>
                <dt className="text-slate-500">Grace period ends</dt>
                <dd>{fmt.longDate(team.billing.graceEndsAt)}</dd>
              </>
            ) : null}
            {me ? (
              <>
                <dt className="text-slate-500">Your seat</dt>
                <dd data-testid="my-seat">
                  {me.holdsSeat
                    ? team.billing.givesAccess
                      ? "You hold a seat: the team gives you access."
                      : "You hold a seat, but the team's subscription is not active, so it gives no access."
                    : `You have no seat. ${noSeatReason(seats.paid, seats.members)}`}
                </dd>
              </>
            ) : null}
          </dl>
          {team.billing.cancelAtPeriodEnd && team.billing.periodEnd ? (
            <p className="mt-3 text-sm text-amber-800">
              {`The subscription is canceled: seats end on ${fmt.longDate(team.billing.periodEnd)}. Resume it to keep them.`}
            </p>
          ) : null}
          {team.billing.status === "past_due" ? (
            <p className="mt-3 text-sm text-amber-800">
              The team's last payment failed. Update the card in the customer portal before the grace period
              ends.
            </p>
          ) : null}
          {billing?.pendingSeatChange ? (
            <p role="note" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {`A change to ${billing.pendingSeatChange.seats === null ? "more seats" : seatsWord(billing.pendingSeatChange.seats)} is waiting for its invoice to be paid; until then the team keeps ${seatsWord(seats.paid)}.`}{" "}
              {billing.pendingSeatChange.invoiceUrl ? (
                <a className="font-medium underline" href={billing.pendingSeatChange.invoiceUrl}>
                  Pay the invoice
                </a>
              ) : null}
            </p>
          ) : null}
          <div className="mt-4">
            {manages && billing ? (
              billing.paymentsConfigured ? (
                <TeamBillingPanel
                  plans={plans}
                  state={{
                    teamId: team.id,
                    status: team.billing.status,
                    live,
                    hasCustomer: team.billing.stripeCustomerId !== null,
                    cancelAtPeriodEnd: team.billing.cancelAtPeriodEnd,
                    seatsPaid: seats.paid,
                    seatsUsed: seats.used,
                  }}
                />
              ) : (
                <p className="text-sm text-slate-600">Online payment is not configured on this server.</p>
              )
            ) : null}
            {!manages && team.myRole ? (
              <p className="text-sm text-slate-700" data-testid="who-to-ask">
                {`Seats and billing are managed by the team's owner${admins.length > 0 ? " and admins" : ""}. For a seat or anything else about the team, ask ${owner ? `${owner.name} (${owner.email})` : "the owner"}${admins.length > 0 ? ` or ${admins.map((a) => `${a.name} (${a.email})`).join(", ")}` : ""}.`}
              </p>
            ) : null}
          </div>
        </Card>

        {manages && billing ? (
          <Invoices invoices={billing.invoices} hasCustomer={team.billing.stripeCustomerId !== null} />
        ) : null}

        <Card>
          <h2 className="mb-1 text-lg font-medium">Members</h2>
          <p className="mb-2 text-sm text-slate-600">
            In seat order: the owner first, then by the day they joined.
          </p>
          <TeamMembers
            teamId={team.id}
            members={team.members}
            myId={myId}
            myRole={team.myRole}
            seatsPaid={seats.paid}
            actions={actions}
          />
        </Card>

        {manages && team.invitations ? (
          <Card>
            <h2 className="mb-1 text-lg font-medium">Invite someone</h2>
            <p className="mb-3 text-sm text-slate-600" data-testid="seats-free">
              {`${seatsWord(seats.free)} free of ${seats.paid} paid. Each pending invitation holds a seat until it is accepted, revoked or expires after seven days.`}
            </p>
            <InviteForm teamId={team.id} action={actions.invite} />
            <h3 className="mt-6 mb-1 font-medium">Pending invitations</h3>
            <PendingInvitations teamId={team.id} invitations={team.invitations} actions={actions} />
          </Card>
        ) : null}

        {team.myRole === "owner" ? (
          <Card>
            <h2 className="mb-2 text-lg font-medium">Delete the team</h2>
            <DeleteTeam
              teamId={team.id}
              teamName={team.name}
              hasSubscription={team.billing.hasSubscription}
              action={actions.deleteTeam}
            />
          </Card>
        ) : team.myRole ? (
          <Card>
            <h2 className="mb-2 text-lg font-medium">Leave the team</h2>
            <LeaveTeam teamId={team.id} action={actions.leave} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

function Invoices({
  invoices,
  hasCustomer,
}: {
  invoices: TeamBillingView["invoices"];
  hasCustomer: boolean;
}) {
  if (!hasCustomer) return null;
  const fmt = serverFormat();
  return (
    <Card>
      <h2 className="mb-3 text-lg font-medium">Invoices</h2>
      {invoices === null ? (
        <p className="text-sm text-slate-600">Invoices could not be loaded right now.</p>
      ) : invoices.length === 0 ? (
        <p className="text-sm text-slate-600">No invoices yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="team-invoices">
          {invoices.map((invoice) => (
            <li key={invoice.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>{fmt.date(invoice.created)}</span>
              <span className="break-all">{invoice.number ?? invoice.id}</span>
              <span>{formatMoney(invoice.amount, invoice.currency)}</span>
              <span className="capitalize">{invoice.status}</span>
              {invoice.url ? (
                <a className="underline" href={invoice.url}>
                  View<span className="sr-only"> invoice {invoice.number ?? invoice.id}</span>
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
