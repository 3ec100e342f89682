import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { getAuth } from "../../src/auth/auth";
import { getDb } from "../../src/db/client";
import { asSystem } from "../../src/db/rls";
import { mailOutbox, profiles, users } from "../../src/db/schema";
import type { MembershipStatus } from "../../src/features/accounts/access";
import { type Actor, loadActor } from "../../src/features/accounts/load-actor";

type TestUserOptions = {
  name?: string;
  email?: string;
  role?: "member" | "admin";
  isSales?: boolean;
  billingExempt?: boolean;
  membershipStatus?: MembershipStatus;
  trialEndsAt?: Date | null;
  graceEndsAt?: Date | null;
  /** Whether the account's email is verified (default true: most tests are about verified people). */
  emailVerified?: boolean;
};

export type TestUser = { id: string; email: string; name: string; headers: Headers; actor: Actor };

type TestHelpers = {
  createUser: (o: Record<string, unknown>) => { id: string };
  saveUser: (u: { id: string }) => Promise<{ id: string }>;
  getAuthHeaders: (o: { userId: string }) => Promise<Headers>;
};

async function testHelpers(): Promise<TestHelpers> {
  const auth = await getAuth();
  return ((await auth.$context) as unknown as { test: TestHelpers }).test;
}

/** Request headers from one client address, as the server (scripts/serve.mjs) hands it to the app. */
export const fromClient = (address = `198.18.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`) =>
  new Headers({ "x-frontdesk-client-ip": address });

export const uniqueEmail = (prefix = "user") =>
  `${prefix}-${crypto.randomBytes(5).toString("hex")}@example.test`;

/** A real account with a real Better Auth session (signed cookie), shaped by the options. */
export async function createTestUser(options: TestUserOptions = {}): Promise<TestUser> {
  const test = await testHelpers();
  const email = options.email ?? uniqueEmail(options.role ?? (options.isSales ? "sales" : "member"));
  const name = options.name ?? email.split("@")[0]!;
  const user = await test.saveUser(
    test.createUser({ email, name, emailVerified: options.emailVerified ?? true }),
  );
  const db = await getDb();
  await asSystem(db, "test: shape profile", (tx) =>
    tx
      .update(profiles)
      .set({
        role: options.role ?? "member",
        isSales: options.isSales ?? false,
        billingExempt: options.billingExempt ?? false,
        billingExemptReason: options.billingExempt ? "Test comp" : null,
        ...(options.membershipStatus ? { membershipStatus: options.membershipStatus } : {}),
        ...(options.trialEndsAt !== undefined ? { trialEndsAt: options.trialEndsAt } : {}),
        ...(options.graceEndsAt !== undefined ? { graceEndsAt: options.graceEndsAt } : {}),
      })
      .where(eq(profiles.id, user.id)),
  );
  const headers = await test.getAuthHeaders({ userId: user.id });
  const actor = await loadActor(db, user.id);
  return { id: user.id, email, name, headers, actor: actor! };
}

/** One of each kind of person the permission tests walk through. */
export async function createCast() {
  const [member, sales, admin] = await Promise.all([
    createTestUser(),
    createTestUser({ isSales: true }),
    createTestUser({ role: "admin" }),
  ]);
  return { member, sales, admin, visitor: new Headers() };
}

export const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000);

/** The id of the account with this email (sign-up answers without one, so tests look it up). */
export async function userIdOf(email: string): Promise<string> {
  const db = await getDb();
  const [row] = await asSystem(db, "test: user id", (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase())),
  );
  if (!row) throw new Error(`no account for ${email}`);
  return row.id;
}

/** Opens the newest verification link mailed to `email` (from the outbox), as its reader would. */
export async function openVerificationLink(email: string): Promise<Response> {
  const db = await getDb();
  const [mail] = await asSystem(db, "test: verification mail", (tx) =>
    tx
      .select({ text: mailOutbox.textBody })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.toAddress, email.toLowerCase()), eq(mailOutbox.kind, "verify_email")))
      .orderBy(desc(mailOutbox.createdAt))
      .limit(1),
  );
  const link = /https?:\/\/\S+/.exec(mail?.text ?? "")?.[0];
  if (!link) throw new Error(`no verification mail for ${email}`);
  return (await getAuth()).handler(new Request(link));
}
