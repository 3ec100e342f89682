import crypto from "node:crypto";
import { authSecret } from "@/config/env";

// The token rendered into each /demo form. It names the submission (a double submit or a resent form
// carries the same one, and the database stores it once) and says when the form was shown, signed so a
// bot cannot claim it filled the form slowly.

const sign = (body: string) =>
  crypto.createHmac("sha256", authSecret()).update(`demo-form:${body}`).digest("base64url");

export function issueDemoFormToken(issuedAt: Date = new Date()): string {
  const body = `${crypto.randomBytes(16).toString("base64url")}.${issuedAt.getTime()}`;
  return `${body}.${sign(body)}`;
}

type DemoFormToken = { key: string; issuedAt: Date };

export function readDemoFormToken(token: unknown): DemoFormToken | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [nonce, at, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${nonce}.${at}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  const issuedAt = new Date(Number(at));
  if (!nonce || Number.isNaN(issuedAt.getTime())) return null;
  return { key: nonce, issuedAt };
}
