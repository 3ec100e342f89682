// What the team's billing panel shows, whatever reads it: the route maps the billing operation's answer
// into these shapes, so the components do not depend on how billing stores or fetches it.

export type TeamPlanKey = "team_monthly" | "team_yearly";

export type TeamPlanOption = {
  key: TeamPlanKey;
  name: string;
  /** "$24.00", per seat. */
  price: string;
  interval: "month" | "year";
};

export type TeamInvoice = {
  id: string;
  number: string | null;
  created: Date;
  amount: number;
  currency: string;
  status: string;
  url: string | null;
};

export type TeamBillingView = {
  paymentsConfigured: boolean;
  /** The plan the subscription is on, per seat; null without one (or when Stripe could not say). */
  plan: { name: string; price: string; interval: "month" | "year" } | null;
  /** Null: the invoices could not be read right now. */
  invoices: TeamInvoice[] | null;
  /** A seat increase waiting for its invoice to be paid (the card failed): the seats stay as they were. */
  pendingSeatChange: { seats: number | null; invoiceUrl: string | null } | null;
};

/** The team's subscription as the panel needs it (from getTeam). */
export type TeamSubscriptionState = {
  teamId: string;
  status: "none" | "active" | "past_due" | "inactive";
  /** A subscription that is active or past due: checkout is refused, seats and cancel apply. */
  live: boolean;
  hasCustomer: boolean;
  cancelAtPeriodEnd: boolean;
  seatsPaid: number;
  seatsUsed: number;
};
