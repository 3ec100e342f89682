import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/leads/export/route";
import { createCast } from "../../../tests/helpers/accounts";
import { createLead } from "../../../tests/helpers/leads";
import { listUsersOperation } from "./accounts";
import { listAuditOperation, listOutboxOperation } from "./admin-logs";
import { listStripeEventsOperation } from "./billing";
import { leadsConsoleOperation } from "./leads";

// Whatever a URL carries, the pages get a normalised view: never a 5xx (SPEC §11).
let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
  await createLead({ name: "Nul Byte" });
});

const NUL = "\u0000";
const longText = "x".repeat(201);
const badPages = ["-1", "abc", NUL, "1e309", "0", "2.5", ""];

describe("bad URL parameters are normalised, never an error", () => {
  it.each([
    { q: NUL },
    { owner: NUL },
    { q: `jane${NUL}` },
    { q: longText },
    { status: "nope", sort: "sideways", page: "-3" },
  ])("the lead console with %j", async (params) => {
    const result = await leadsConsoleOperation.forActor(cast.sales.actor, params);
    expect(result).toMatchObject({ ok: true });
  });

  it.each(badPages)("admin lists with page=%j", async (page) => {
    for (const op of [
      listUsersOperation,
      listAuditOperation,
      listOutboxOperation,
      listStripeEventsOperation,
    ]) {
      expect(await op.forActor(cast.admin.actor, { page })).toMatchObject({ ok: true, page: 1 });
    }
  });

  it("admin searches over 200 characters or with a NUL byte", async () => {
    for (const q of [longText, NUL, `a${NUL}b`]) {
      expect(await listUsersOperation.forActor(cast.admin.actor, { q })).toMatchObject({ ok: true });
      expect(await listAuditOperation.forActor(cast.admin.actor, { q })).toMatchObject({ ok: true });
      expect(await listStripeEventsOperation.forActor(cast.admin.actor, { type: q })).toMatchObject({
        ok: true,
      });
    }
  });

  it("the CSV export of a search with a NUL byte answers in full, before streaming anything wrong", async () => {
    const response = await exportRoute(
      new Request(`http://localhost:3000/api/leads/export?owner=all&q=${encodeURIComponent(NUL)}`, {
        headers: cast.sales.headers,
      }),
    );
    expect(response.status).toBeLessThan(500);
    // The whole body arrives: a stream that fails half-way would reject here.
    await expect(response.text()).resolves.toEqual(expect.any(String));
  });
});
