import type { MembershipStatus } from "@/features/accounts/access";

export const DEMO_PASSWORD = "frontdesk-demo";

export type DemoAccount = {
  name: string;
  email: string;
  role?: "admin";
  isSales?: boolean;
  billingExempt?: string;
  status: MembershipStatus;
  /** Days from now: negative is in the past. */
  trialEndsInDays?: number;
  graceEndsInDays?: number;
  periodEndsInDays?: number;
  note: string;
};

export const demoAccounts: DemoAccount[] = [
  {
    name: "Ada Admin",
    email: "admin@frontdesk.test",
    role: "admin",
    status: "active",
    periodEndsInDays: 20,
    note: "admin",
  },
  {
    name: "Sam Seller",
    email: "sam@frontdesk.test",
    isSales: true,
    status: "active",
    periodEndsInDays: 12,
    note: "sales rep",
  },
  {
    name: "Rita Reyes",
    email: "rita@frontdesk.test",
    isSales: true,
    status: "active",
    periodEndsInDays: 25,
    note: "sales rep",
  },
  {
    name: "Tina Trial",
    email: "tina@frontdesk.test",
    status: "trial",
    trialEndsInDays: 9,
    note: "member on trial",
  },
  {
    name: "Andy Active",
    email: "andy@frontdesk.test",
    status: "active",
    periodEndsInDays: 17,
    note: "paying member",
  },
  {
    name: "Pat Pastdue",
    email: "pat@frontdesk.test",
    status: "past_due",
    graceEndsInDays: 4,
    periodEndsInDays: -3,
    note: "past due, in grace",
  },
  { name: "Ivan Inactive", email: "ivan@frontdesk.test", status: "inactive", note: "lapsed member" },
  {
    name: "Eve Expired",
    email: "eve@frontdesk.test",
    status: "trial",
    trialEndsInDays: -2,
    note: "trial ended",
  },
  {
    // Comped while still on a trial that has since ended: exemption alone keeps her in.
    name: "Carla Comped",
    email: "carla@frontdesk.test",
    status: "trial",
    trialEndsInDays: -30,
    billingExempt: "Design partner",
    note: "billing exempt",
  },
];
