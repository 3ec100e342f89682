// The plans Frontdesk sells: one source of truth for the upgrade page, checkout and the setup command.
// Price ids come from the environment, or are found by lookup key (the setup command and the emulator
// create prices with these keys).

export type PlanKey = "individual_monthly" | "individual_yearly" | "team_monthly" | "team_yearly";

export type Plan = {
  key: PlanKey;
  name: string;
  kind: "individual" | "team";
  interval: "month" | "year";
  /** In the smallest currency unit (cents); per seat for team plans. */
  amount: number;
  currency: "usd";
  lookupKey: string;
  priceEnv: string;
};

export const plans: Plan[] = [
  {
    key: "individual_monthly",
    name: "Individual, monthly",
    kind: "individual",
    interval: "month",
    amount: 2900,
    currency: "usd",
    lookupKey: "frontdesk_individual_monthly",
    priceEnv: "STRIPE_PRICE_INDIVIDUAL_MONTHLY",
  },
  {
    key: "individual_yearly",
    name: "Individual, yearly",
    kind: "individual",
    interval: "year",
    amount: 29000,
    currency: "usd",
    lookupKey: "frontdesk_individual_yearly",
    priceEnv: "STRIPE_PRICE_INDIVIDUAL_YEARLY",
  },
  {
    key: "team_monthly",
    name: "Team, monthly per seat",
    kind: "team",
    interval: "month",
    amount: 2400,
    currency: "usd",
    lookupKey: "frontdesk_team_monthly",
    priceEnv: "STRIPE_PRICE_TEAM_MONTHLY",
  },
  {
    key: "team_yearly",
    name: "Team, yearly per seat",
    kind: "team",
    interval: "year",
    amount: 24000,
    currency: "usd",
    lookupKey: "frontdesk_team_yearly",
    priceEnv: "STRIPE_PRICE_TEAM_YEARLY",
  },
];

export const individualPlans = plans.filter((p) => p.kind === "individual");
export const planByKey = (key: string): Plan | undefined => plans.find((p) => p.key === key);
