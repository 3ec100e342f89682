import { describe, expect, it } from "vitest";
import type { Actor } from "@/features/accounts/load-actor";
import { forwardActor, takeForwardedActor } from "./forwarded-actor";

const actor: Actor = {
  id: "u1",
  name: "Zoë Ølsen",
  email: "zoe@example.test",
  role: "member",
  isSales: true,
  billingExempt: false,
  membershipStatus: "trial",
  trialEndsAt: new Date("2030-01-02T03:04:05.678Z"),
  graceEndsAt: null,
  billingPeriodEnd: null,
};

const cookie = "better-auth.session_token=abc.def";

describe("the actor the proxy forwards to the page", () => {
  it("round-trips an actor (dates included) and a visitor", () => {
    expect(takeForwardedActor(forwardActor(actor, cookie), cookie)).toEqual(actor);
    expect(takeForwardedActor(forwardActor(actor, cookie), cookie)?.trialEndsAt).toBeInstanceOf(Date);
    expect(takeForwardedActor(forwardActor(null, null), null)).toBeNull();
  });

  it("ignores a missing, forged, tampered or stale header", () => {
    const key = forwardActor(actor, cookie);
    // What a client might send instead: nothing, a made-up key, the key altered, an actor of its own.
    const claimed = Buffer.from(
      JSON.stringify({ actor: { ...actor, role: "admin" }, at: Date.now() }),
    ).toString("base64url");
    expect(takeForwardedActor(undefined, cookie)).toBeUndefined();
    expect(takeForwardedActor("", cookie)).toBeUndefined();
    expect(takeForwardedActor(crypto.randomUUID(), cookie)).toBeUndefined();
    expect(takeForwardedActor(`${key}x`, cookie)).toBeUndefined();
    expect(takeForwardedActor(`${claimed}.c2lnbmF0dXJl`, cookie)).toBeUndefined();
    // The key itself was not disturbed by the attempts around it.
    expect(takeForwardedActor(key, cookie)).toEqual(actor);
    expect(takeForwardedActor(forwardActor(actor, cookie), cookie, Date.now() + 31_000)).toBeUndefined();
    expect(takeForwardedActor(forwardActor(actor, cookie, Date.now() + 60_000), cookie)).toBeUndefined();
  });

  it("is bound to the request's cookies: it cannot be replayed with another session or none", () => {
    expect(takeForwardedActor(forwardActor(actor, cookie), "better-auth.session_token=other.session")).toBe(
      undefined,
    );
    expect(takeForwardedActor(forwardActor(actor, cookie), null)).toBeUndefined();
  });

  it("serves one request: once taken, or once expired, the key finds nothing", () => {
    const key = forwardActor(actor, cookie);
    expect(takeForwardedActor(key, cookie)).toEqual(actor);
    expect(takeForwardedActor(key, cookie)).toBeUndefined();

    const start = Date.now();
    const untaken = forwardActor(actor, cookie, start);
    // Filing another one later sweeps out what no render took within 30 s.
    forwardActor(actor, cookie, start + 31_000);
    expect(takeForwardedActor(untaken, cookie, start + 1)).toBeUndefined();
  });
});
