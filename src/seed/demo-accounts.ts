export const DEMO_PASSWORD = "frontdesk-demo";

/** Succeeds at checkout; every later charge to it fails (Stripe's test card, honoured by the emulator). */
const CARD_FAILS_AT_RENEWAL = "4000000000000341";
const CARD_OK = "4242424242424242";

/**
 * Each account is made the way a real one comes to be, so what its owner sees (status, plan, invoices,
 * portal) is what the app would show them, and `npm run reconcile` finds nothing to repair.
 */
export type DemoAccount = {
  name: string;
  email: string;
  role?: "admin";
  isSales?: boolean;
  /**
   * Days since the account signed up; its 14-day trial, which sign-up gives, moves back with it.
   * Absent: it signs up as the seed runs.
   */
  joinedDaysAgo?: number;
  /** Subscribes through Checkout as the seed runs, paying on the emulator's checkout with this card. */
  subscribes?: {
    plan: "individual_monthly" | "individual_yearly";
    card: string;
    /** Its first renewal is brought forward to now (`/_emulator/end-period`) and charged to the card. */
    renewsNow?: boolean;
  };
  /** Comped through the admin's exemption toggle, with this reason. */
  comped?: string;
  /**
   * Opens the confirmation link that sign-up mailed to it, as a person proving their address does
   * (accepting a team invitation needs a verified address equal to the invited one).
   */
  verifiesEmail?: boolean;
  note: string;
};

/**
 * The demo's team, made as a real one is: its owner creates it and buys the seats through team checkout,
 * paying on the emulator's checkout; the members are invited by the owner and accept with their own
 * accounts; one invitation, to an address without an account, is left pending.
 */
export type DemoTeam = {
  name: string;
  /** A demo account's email. */
  owner: string;
  buys: { plan: "team_monthly" | "team_yearly"; seats: number; card: string };
  /** Demo accounts' emails, invited as members, who accept (in this order). */
  members: string[];
  /** An address with no account: its invitation stays pending and holds a seat. */
  pendingInvitation: string;
};

export const demoTeam: DemoTeam = {
  name: "Acme Robotics",
  owner: "otto@frontdesk.test",
  buys: { plan: "team_monthly", seats: 5, card: CARD_OK },
  // Seats used = members (the owner included) + pending invitations: 2 + 1, so the page shows 3 / 5.
  members: ["tess@frontdesk.test"],
  pendingInvitation: "nora@frontdesk.test",
};

// Staff (the admin, the sales reps) have the member area through their role, not a subscription. They
// signed up long before the leads came in and never paid, so their trial ended and the expiry job made
// them `inactive`: that is the truth about their membership (the upgrade page tells them they have access
// anyway). Calling them `active` would claim a paid plan that Stripe has no trace of.
export const demoAccounts: DemoAccount[] = [
  { name: "Ada Admin", email: "admin@frontdesk.test", role: "admin", joinedDaysAgo: 120, note: "admin" },
  { name: "Sam Seller", email: "sam@frontdesk.test", isSales: true, joinedDaysAgo: 110, note: "sales rep" },
  { name: "Rita Reyes", email: "rita@frontdesk.test", isSales: true, joinedDaysAgo: 100, note: "sales rep" },
  { name: "Tina Trial", email: "tina@frontdesk.test", joinedDaysAgo: 5, note: "member on trial" },
  {
    name: "Andy Active",
    email: "andy@frontdesk.test",
    subscribes: { plan: "individual_monthly", card: CARD_OK },
    note: "paying member",
  },
  {
    // Grace starts at the first failed payment (SPEC §6), so it starts now and lasts the app's 7 days.
    name: "Pat Pastdue",
    email: "pat@frontdesk.test",
    subscribes: { plan: "individual_monthly", card: CARD_FAILS_AT_RENEWAL, renewsNow: true },
    note: "past due, in grace",
  },
  // Lapsed without ever paying: a Stripe history (a subscription that ended) would break the browser
  // test that subscribes ivan and expects his only subscription to be the one it made.
  { name: "Ivan Inactive", email: "ivan@frontdesk.test", joinedDaysAgo: 60, note: "lapsed member" },
  // Her trial ended two days ago, after the expiry job's last run in the seed's story: the gate already
  // sends her to /upgrade ("your free trial has ended"), and the job's next run makes her inactive.
  { name: "Eve Expired", email: "eve@frontdesk.test", joinedDaysAgo: 16, note: "trial ended" },
  {
    // Comped during her trial, so the trial became `active` (SPEC §6); she never had a Stripe customer.
    name: "Carla Comped",
    email: "carla@frontdesk.test",
    comped: "Design partner",
    note: "billing exempt",
  },
  // The team's people signed up weeks ago and their own trials ended (the expiry job made them inactive),
  // so what gives them the member area is a seat of the team, and nothing else.
  {
    name: "Otto Owner",
    email: "otto@frontdesk.test",
    joinedDaysAgo: 45,
    verifiesEmail: true,
    // Seats used: the owner, the members and the pending invitation.
    note: `owner of the team ${demoTeam.name} (${demoTeam.members.length + 2} of ${demoTeam.buys.seats} seats used, 1 invitation pending)`,
  },
  {
    name: "Tess Teammate",
    email: "tess@frontdesk.test",
    joinedDaysAgo: 30,
    verifiesEmail: true,
    note: `member of ${demoTeam.name} (access through its seat)`,
  },
];
