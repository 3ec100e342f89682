/** Mail kinds whose links are credentials: whoever opens one acts as the account's owner. */
const SECRET_KINDS = new Set(["password_reset", "verify_email"]);

/**
 * The mail as an admin may read it outside demo mode: links that would let the reader reset someone's
 * password or verify their address (another admin's included) keep only where they lead.
 */
export function maskSecretLinks(kind: string, text: string): string {
  if (!SECRET_KINDS.has(kind)) return text;
  return text.replace(/https?:\/\/\S+/g, (link) => {
    try {
      const url = new URL(link);
      const path = url.pathname
        .split("/")
        .map((segment) => (segment.length > 16 ? "••••••" : segment))
        .join("/");
      return `${url.origin}${path}${url.search ? "?••••••" : ""} (link hidden: only its recipient may open it)`;
    } catch {
      return "(link hidden)";
    }
  });
}
