import { count, eq } from "drizzle-orm";
import type { Auth } from "@/auth/auth";
import { asSystem } from "@/db/rls";
import { profiles, users } from "@/db/schema";
import type { Database } from "@/db/types";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";
import { seedDemoLeads } from "./demo-leads";

const days = (n: number | undefined) => (n === undefined ? null : new Date(Date.now() + n * 86_400_000));

/** Seeds the demo accounts and leads into an empty database; does nothing if any account exists. */
export async function seedDemo(db: Database, auth: Auth): Promise<boolean> {
  const [existing] = await asSystem(db, "seed: check", (tx) => tx.select({ n: count() }).from(users));
  if ((existing?.n ?? 0) > 0) return false;
  for (const account of demoAccounts) {
    // Through Better Auth, so passwords are hashed exactly as real sign-ups are.
    await auth.api.signUpEmail({
      body: { name: account.name, email: account.email, password: DEMO_PASSWORD },
    });
  }
  const admin = demoAccounts.find((a) => a.role === "admin");
  await asSystem(db, "seed: demo accounts", async (tx) => {
    const [adminRow] = await tx.select({ id: users.id }).from(users).where(eq(users.email, admin!.email));
    for (const account of demoAccounts) {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, account.email));
      await tx
        .update(profiles)
        .set({
          role: account.role ?? "member",
          isSales: account.isSales ?? false,
          membershipStatus: account.status,
          trialEndsAt: days(account.trialEndsInDays ?? (account.status === "trial" ? 14 : -30)),
          graceEndsAt: days(account.graceEndsInDays),
          billingPeriodEnd: days(account.periodEndsInDays),
          billingExempt: Boolean(account.billingExempt),
          billingExemptReason: account.billingExempt ?? null,
          billingExemptBy: account.billingExempt ? adminRow!.id : null,
          billingExemptAt: account.billingExempt ? new Date() : null,
        })
        .where(eq(profiles.id, user!.id));
    }
  });
  await seedDemoLeads(db);
  return true;
}

export function demoLoginsText(): string {
  const width = Math.max(...demoAccounts.map((a) => a.email.length));
  return [
    `Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...demoAccounts.map((a) => `  ${a.email.padEnd(width)}  ${a.note}`),
  ].join("\n");
}
