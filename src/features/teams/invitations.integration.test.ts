// Invitations (SPEC §5): who may send them, what the mail carries, what opening a link shows (and that it
// changes nothing), and who may accept.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser, uniqueEmail } from "../../../tests/helpers/accounts";
import { systemRows } from "../../../tests/helpers/db";
import {
  addMembers,
  createTestTeam,
  expireInvitation,
  invitationToken,
  invitationTokens,
  membersOf,
} from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { acceptInvitationOperation, readInvitationOperation } from "../../server/operations/teams";
import { acceptInvitation, UNKNOWN_INVITATION } from "./accept-invitation";
import { hashInvitationToken } from "./invitation-token";
import { inviteMember, inviteMemberSchema } from "./invite-member";
import { readInvitation } from "./read-invitation";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";

let db: Database;
let owner: TestUser;
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let team: { id: string; name: string };

beforeAll(async () => {
  db = await getDb();
  [owner, admin, member, outsider] = await Promise.all([
    createTestUser({ name: "Olga Owner" }),
    createTestUser({ name: "Adam Admin" }),
    createTestUser({ name: "Mia Member" }),
    createTestUser({ name: "Otto Outsider" }),
  ]);
  team = await createTestTeam(owner, { name: "Acme Support", seatsPaid: 50 });
  await addMembers(team.id, [admin], "admin");
  await addMembers(team.id, [member]);
});

// Through the schema, as the operation hands it over (the address lower-cased).
const invite = (by: TestUser, email: string, role: "admin" | "member" = "member") =>
  inviteMember(db, by.actor, inviteMemberSchema.parse({ teamId: team.id, email, role }));

async function invited(email: string, by: TestUser = owner, role: "admin" | "member" = "member") {
  const sent = await invite(by, email, role);
  if (!sent.ok) throw new Error(sent.message);
  return { id: sent.invitation.id, token: await invitationToken(email) };
}

const stateOf = async (token: string) => {
  const read = await readInvitation(db, { token });
  if (!read.ok) throw new Error(read.message);
  return read.invitation.state;
};

const auditActions = (subjectId: string) =>
  systemRows<{ action: string; actor_id: string | null }>(
    sql`select action, actor_id from audit_log where subject_id = ${subjectId} order by created_at, id`,
  );

describe("sending invitations", () => {
  it("owners and admins invite; the mail has the link, and only the token's hash is stored", async () => {
    const email = uniqueEmail("new");
    const sent = await invite(admin, email.toUpperCase(), "admin");
    expect(sent).toMatchObject({ ok: true, invitation: { email, role: "admin" } });
    const [mail] = await systemRows<{ subject: string; text_body: string; status: string }>(
      sql`select subject, text_body, status from mail_outbox where to_address = ${email}`,
    );
    expect(mail?.subject).toBe("Adam Admin invited you to Acme Support on Frontdesk");
    expect(mail?.text_body).toContain("join the team Acme Support on Frontdesk as an admin.");
    expect(mail?.text_body).toMatch(/http:\/\/localhost:3000\/team\/invite\/[A-Za-z0-9_-]{43}\b/);
    const token = await invitationToken(email);
    const [row] = await systemRows<{ token_hash: string; invited_by: string; expires_in_days: number }>(
      sql`select token_hash, invited_by,
            round(extract(epoch from expires_at - created_at) / 86400)::integer as expires_in_days
          from team_invitations where email = ${email}`,
    );
    expect(row).toEqual({ token_hash: hashInvitationToken(token), invited_by: admin.id, expires_in_days: 7 });
    expect(
      await systemRows(sql`select 1 from team_invitations where token_hash = ${token} or email = ${token}`),
    ).toEqual([]);
    expect(await auditActions(team.id)).toContainEqual({
      action: "team.invitation_sent",
      actor_id: admin.id,
    });
  });

  it("members and outsiders cannot invite, and nothing is written", async () => {
    const email = uniqueEmail("nope");
    expect(await invite(member, email)).toMatchObject({
      ok: false,
      code: "forbidden",
      message: "Only the team's owner and admins may invite people.",
    });
    expect(await invite(outsider, email)).toMatchObject({ ok: false, code: "not_found" });
    expect(
      await inviteMember(db, owner.actor, { teamId: "not-a-team", email, role: "member" }),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(await systemRows(sql`select 1 from team_invitations where email = ${email}`)).toEqual([]);
    expect(await systemRows(sql`select 1 from mail_outbox where to_address = ${email}`)).toEqual([]);
  });

  it("refuses an address that is already a member or already has a pending invitation", async () => {
    expect(await invite(owner, member.email.toUpperCase())).toMatchObject({
      ok: false,
      code: "conflict",
      message: `${member.email} is already a member of this team.`,
    });
    const email = uniqueEmail("twice");
    await invited(email);
    expect(await invite(admin, email)).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringContaining("already has a pending invitation"),
    });
  });

  it("an address whose invitation expired or was revoked can be invited again", async () => {
    const email = uniqueEmail("again");
    const first = await invited(email);
    await expireInvitation(first.id);
    const second = await invited(email);
    expect(
      await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: second.id }),
    ).toMatchObject({
      ok: true,
    });
    expect(await invite(owner, email)).toMatchObject({ ok: true });
  });
});

describe("opening an invitation link", () => {
  it("shows the team, the inviter, the role and the address, to a visitor, and changes nothing", async () => {
    const email = uniqueEmail("look");
    const { token } = await invited(email, admin, "admin");
    const before = await systemRows(sql`select * from team_invitations where email = ${email}`);
    for (let i = 0; i < 3; i++) {
      expect(await readInvitationOperation(new Headers(), { token })).toEqual({
        ok: true,
        invitation: {
          state: "pending",
          teamName: "Acme Support",
          inviterName: "Adam Admin",
          role: "admin",
          email,
          expiresAt: expect.any(Date),
        },
      });
    }
    expect(await systemRows(sql`select * from team_invitations where email = ${email}`)).toEqual(before);
  });

  it("tells expired, revoked, accepted and unknown links apart", async () => {
    const expired = await invited(uniqueEmail("expired"));
    await expireInvitation(expired.id);
    expect(await stateOf(expired.token)).toBe("expired");
    const revoked = await invited(uniqueEmail("revoked"));
    await revokeInvitation(db, admin.actor, { teamId: team.id, invitationId: revoked.id });
    expect(await stateOf(revoked.token)).toBe("revoked");
    const joiner = await createTestUser();
    const accepted = await invited(joiner.email);
    expect(await acceptInvitation(db, joiner.actor, { token: accepted.token })).toMatchObject({ ok: true });
    expect(await stateOf(accepted.token)).toBe("accepted");
    for (const token of ["", "made-up", `${accepted.token}x`, "x".repeat(200)]) {
      expect(await stateOf(token)).toBe("unknown");
    }
    expect(await readInvitationOperation(new Headers(), { token: "x".repeat(201) })).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });
});

describe("accepting", () => {
  it("the invited person, signed in with the verified address in any case, joins with the invited role", async () => {
    const joiner = await createTestUser({ name: "Jo Joiner" });
    const { id, token } = await invited(joiner.email.toUpperCase(), owner, "admin");
    const accepted = await acceptInvitationOperation(joiner.headers, { token });
    expect(accepted).toEqual({ ok: true, team: { id: team.id, name: "Acme Support" }, role: "admin" });
    expect(await membersOf(team.id)).toContainEqual({ user_id: joiner.id, role: "admin" });
    const [row] = await systemRows(
      sql`select accepted_by, accepted_at is not null as accepted from team_invitations where id = ${id}`,
    );
    expect(row).toEqual({ accepted_by: joiner.id, accepted: true });
    expect(await auditActions(team.id)).toContainEqual({
      action: "team.invitation_accepted",
      actor_id: joiner.id,
    });
    // A second click changes nothing and still answers with the team.
    expect(await acceptInvitation(db, joiner.actor, { token })).toMatchObject({
      ok: true,
      team: { id: team.id },
    });
  });

  it("needs a signed-in account", async () => {
    const { token } = await invited(uniqueEmail("visitor"));
    expect(await acceptInvitationOperation(new Headers(), { token })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
  });

  it("refuses an account whose email is not verified, or is another address, and nothing changes", async () => {
    const unverified = await createTestUser({ emailVerified: false });
    const own = await invited(unverified.email);
    expect(await acceptInvitation(db, unverified.actor, { token: own.token })).toEqual({
      ok: false,
      code: "forbidden",
      message: `Confirm your email address first: open the link we mailed to ${unverified.email}, then accept the invitation.`,
    });
    const someoneElse = await invited(uniqueEmail("else"));
    expect(await acceptInvitation(db, outsider.actor, { token: someoneElse.token })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(
        /^This invitation is for .+, and you are signed in as .+\. Sign in with the invited address/,
      ),
    });
    const members = (await membersOf(team.id)).map((m) => m.user_id);
    expect(members).not.toContain(unverified.id);
    expect(members).not.toContain(outsider.id);
    expect(await stateOf(own.token)).toBe("pending");
    expect(await stateOf(someoneElse.token)).toBe("pending");
  });

  it("refuses expired, revoked and used links with sentences", async () => {
    const late = await createTestUser();
    const expired = await invited(late.email);
    await expireInvitation(expired.id);
    expect(await acceptInvitation(db, late.actor, { token: expired.token })).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringMatching(
        /^This invitation expired on .+\. Ask the team's owner or an admin to send you a new one\.$/,
      ),
    });
    const withdrawn = await createTestUser();
    const revoked = await invited(withdrawn.email);
    await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: revoked.id });
    expect(await acceptInvitation(db, withdrawn.actor, { token: revoked.token })).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/^This invitation was withdrawn by the team\./),
    });
    const [first, second] = await Promise.all([createTestUser(), createTestUser()]);
    const used = await invited(first.email);
    await acceptInvitation(db, first.actor, { token: used.token });
    expect(await acceptInvitation(db, second.actor, { token: used.token })).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/^This invitation has already been used\./),
    });
    expect(await acceptInvitation(db, second.actor, { token: "made-up" })).toEqual({
      ok: false,
      code: "not_found",
      message: UNKNOWN_INVITATION,
    });
    const members = (await membersOf(team.id)).map((m) => m.user_id);
    expect(members).not.toContain(late.id);
    expect(members).not.toContain(withdrawn.id);
    expect(members).not.toContain(second.id);
  });
});

describe("resending and revoking", () => {
  it("resending mails a new link, and the old one stops working", async () => {
    const joiner = await createTestUser();
    const { id, token: old } = await invited(joiner.email);
    const resent = await resendInvitation(db, admin.actor, { teamId: team.id, invitationId: id });
    expect(resent).toMatchObject({ ok: true, invitation: { id, email: joiner.email } });
    const tokens = await invitationTokens(joiner.email);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(old);
    expect(await stateOf(old)).toBe("unknown");
    expect(await acceptInvitation(db, joiner.actor, { token: old })).toMatchObject({ code: "not_found" });
    expect(await acceptInvitation(db, joiner.actor, { token: tokens[0]! })).toMatchObject({ ok: true });
    expect(await auditActions(team.id)).toContainEqual({
      action: "team.invitation_resent",
      actor_id: admin.id,
    });
  });

  it("renews an expired invitation for seven more days", async () => {
    const email = uniqueEmail("renew");
    const { id } = await invited(email);
    await expireInvitation(id);
    expect(await resendInvitation(db, owner.actor, { teamId: team.id, invitationId: id })).toMatchObject({
      ok: true,
    });
    expect(await stateOf(await invitationToken(email))).toBe("pending");
  });

  it("members and outsiders can neither resend nor revoke; used and revoked invitations stay as they are", async () => {
    const { id, token } = await invited(uniqueEmail("kept"));
    for (const [who, code] of [
      [member, "forbidden"],
      [outsider, "not_found"],
    ] as const) {
      expect(await resendInvitation(db, who.actor, { teamId: team.id, invitationId: id })).toMatchObject({
        code,
      });
      expect(await revokeInvitation(db, who.actor, { teamId: team.id, invitationId: id })).toMatchObject({
        code,
      });
    }
    expect(await stateOf(token)).toBe("pending");
    expect(await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: id })).toMatchObject({
      ok: true,
    });
    expect(await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: id })).toMatchObject({
      code: "conflict",
      message: "This invitation was already revoked.",
    });
    expect(await resendInvitation(db, owner.actor, { teamId: team.id, invitationId: id })).toMatchObject({
      code: "conflict",
      message: "This invitation was revoked. Invite the person again instead.",
    });
    expect(await revokeInvitation(db, owner.actor, { teamId: team.id, invitationId: "nope" })).toMatchObject({
      code: "not_found",
    });
    expect(await auditActions(team.id)).toContainEqual({
      action: "team.invitation_revoked",
      actor_id: owner.id,
    });
  });
});
