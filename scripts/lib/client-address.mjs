// Who is on the other end of a request, as far as this server can know it. The socket's peer is the
// truth unless the operator says how many proxies of theirs stand in front (TRUSTED_PROXIES): each proxy
// appends the address it was reached from to X-Forwarded-For, so with N trusted proxies the client is the
// N-th entry from the right. Entries further left were written by the client and prove nothing.

/** The header the server sets on every request (any value a client sent under this name is replaced). */
export const CLIENT_ADDRESS_HEADER = "x-frontdesk-client-ip";

const unmapped = (address) => (address?.startsWith("::ffff:") ? address.slice(7) : address);

/**
 * @param {string | undefined} socketAddress the TCP peer
 * @param {string | string[] | undefined} forwardedFor the X-Forwarded-For header(s)
 * @param {number} trustedProxies how many proxies of ours are in front (0: none, trust only the socket)
 * @returns {string}
 */
export function clientAddress(socketAddress, forwardedFor, trustedProxies) {
  const peer = unmapped(socketAddress) || "unknown";
  if (!trustedProxies) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return peer;
  return unmapped(chain[Math.max(0, chain.length - trustedProxies)]).slice(0, 64);
}

/** TRUSTED_PROXIES as a whole number, or an error sentence. */
export function trustedProxyCount(value) {
  if (value === undefined || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(
      `TRUSTED_PROXIES must be a whole number of proxies in front of the app (got "${value}").`,
    );
  }
  return n;
}
