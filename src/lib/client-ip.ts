// The server (scripts/serve.mjs) works the client's address out from the socket and the trusted proxy
// hops, and hands it to the app in this header, replacing any value a client sent under the same name.
export const CLIENT_ADDRESS_HEADER = "x-frontdesk-client-ip";

/**
 * The client's address as the server determined it (TRUSTED_PROXIES, README). Without that server in
 * front (`next dev`, tests that build requests by hand) every caller shares the key "unknown".
 */
export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER)?.trim().slice(0, 64) || "unknown";
}
