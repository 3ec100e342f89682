import { z } from "zod";

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

/** Only same-site paths may be used as a post-login destination (no open redirects). */
export function safeNextPath(next: unknown, fallback = "/dashboard"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  return next;
}
