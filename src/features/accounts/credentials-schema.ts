import { z } from "zod";
import { appUrl } from "@/config/env";

export const MIN_PASSWORD_LENGTH = 8;

const email = z
  .string()
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like name@example.com."))
  .transform((v) => v.toLowerCase());

const newPassword = z
  .string()
  .min(1, "Choose a password.")
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`)
  .max(128, "Use at most 128 characters for your password.");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200, "Use at most 200 characters for your name."),
  email,
  password: newPassword,
});

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password."),
});

export const requestResetSchema = z.object({ email });

export const resetPasswordSchema = z.object({
  token: z.string().min(1, "This reset link is incomplete. Ask for a new one."),
  password: newPassword,
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword,
});

export const updateNameSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200, "Use at most 200 characters for your name."),
});

export const changeEmailSchema = z.object({ email });

const hasControlOrBackslash = (text: string) =>
  [...text].some((c) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * Where to go after signing in or up: a path on this site, parsed against the app's own URL, or the
 * fallback. Control characters and backslashes are refused outright, because browsers drop or rewrite
 * them ("/\t/evil.example" is read as "//evil.example", another site).
 */
export function safeNextPath(next: unknown, fallback = "/dashboard"): string {
  if (typeof next !== "string" || !next.startsWith("/") || hasControlOrBackslash(next)) return fallback;
  try {
    const base = new URL(appUrl());
    const url = new URL(next, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === base.origin && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}
