// /admin/users shows each user's teams with their role in each (SPEC §8).
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, type TestUser } from "../../../tests/helpers/accounts";
import { addMembers, createTestTeam } from "../../../tests/helpers/teams";
import { getDb } from "../../db/client";
import type { Database } from "../../db/types";
import { listUsers, listUsersSchema } from "./list-users";

let db: Database;
let admin: TestUser;

beforeAll(async () => {
  db = await getDb();
  admin = await createTestUser({ role: "admin" });
});

const rowOf = async (user: TestUser) => {
  const found = await listUsers(db, admin.actor, listUsersSchema.parse({ q: user.email }));
  if (!found.ok) throw new Error(found.message);
  return found.rows.find((r) => r.id === user.id);
};

describe("each user's teams", () => {
  it("lists every team a user is in, by name, with their role, and none for someone in no team", async () => {
    const [owner, both, loner] = await Promise.all([createTestUser(), createTestUser(), createTestUser()]);
    const zulu = await createTestTeam(owner, { name: "Zulu" });
    const alpha = await createTestTeam(owner, { name: "Alpha" });
    await addMembers(zulu.id, [both], "admin");
    await addMembers(alpha.id, [both]);

    expect((await rowOf(owner))?.teams).toEqual([
      { id: alpha.id, name: "Alpha", role: "owner" },
      { id: zulu.id, name: "Zulu", role: "owner" },
    ]);
    expect((await rowOf(both))?.teams).toEqual([
      { id: alpha.id, name: "Alpha", role: "member" },
      { id: zulu.id, name: "Zulu", role: "admin" },
    ]);
    expect((await rowOf(loner))?.teams).toEqual([]);
  });

  it("keeps each page's teams to the users on it", async () => {
    const found = await listUsers(db, admin.actor, listUsersSchema.parse({ q: "no-such-person-anywhere" }));
    expect(found).toMatchObject({ ok: true, rows: [], total: 0 });
  });
});
