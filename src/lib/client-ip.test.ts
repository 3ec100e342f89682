import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyCount } from "../../scripts/lib/client-address.mjs";
import { clientIp } from "./client-ip";

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", undefined, 0)).toBe("203.0.113.9");
  });

  it("is the entry the trusted proxies wrote, counting from the right", () => {
    // client → CDN → load balancer → app: the balancer is the peer, it appended the CDN's address,
    // the CDN appended the client's; anything left of that came from the client.
    const chain = "6.6.6.6, 198.51.100.7, 192.0.2.1";
    expect(clientAddress("10.0.0.2", chain, 1)).toBe("192.0.2.1");
    expect(clientAddress("10.0.0.2", chain, 2)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.7"], 1)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "198.51.100.7", 3)).toBe("198.51.100.7");
    expect(clientAddress("10.0.0.2", "", 1)).toBe("10.0.0.2");
  });

  it("reads TRUSTED_PROXIES as a whole number and refuses anything else", () => {
    expect(trustedProxyCount(undefined)).toBe(0);
    expect(trustedProxyCount("2")).toBe(2);
    expect(() => trustedProxyCount("yes")).toThrow(/TRUSTED_PROXIES/);
    expect(() => trustedProxyCount("-1")).toThrow(/TRUSTED_PROXIES/);
  });

  it("is taken in the app from the server's own header only, never from X-Forwarded-For", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBe("unknown");
    expect(clientIp(new Headers({ "x-frontdesk-client-ip": "203.0.113.9", "x-real-ip": "1.2.3.4" }))).toBe(
      "203.0.113.9",
    );
  });
});
