import crypto from "node:crypto";

/** How long an invitation link works (SPEC §5). */
export const INVITATION_DAYS = 7;

/**
 * A new invitation token (32 random bytes, base64url: it goes into a link) and the SHA-256 that is all the
 * database keeps of it. Whoever reads the database cannot rebuild a link from it.
 */
export function newInvitationToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashInvitationToken(token) };
}

export const hashInvitationToken = (token: string): string =>
  crypto.createHash("sha256").update(token, "utf8").digest("hex");
