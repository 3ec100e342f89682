/**
 * The visitor's address as the nearest proxy reports it (first X-Forwarded-For entry, then X-Real-IP).
 * Deploy behind a proxy that sets these; without one every visitor shares the key "unknown".
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || headers.get("x-real-ip")?.trim() || "unknown").slice(0, 64);
}
