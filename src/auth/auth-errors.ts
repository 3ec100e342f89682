import { type Failure, fail } from "@/lib/result";

type ApiErrorLike = {
  body?: { code?: string; message?: string };
  status?: string | number;
  statusCode?: number;
};

/** Maps Better Auth's error codes to sentences beside the right field; the detail stays in the log. */
export function authFailure(error: unknown, context: string): Failure {
  const code = (error as ApiErrorLike)?.body?.code;
  switch (code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return fail("invalid", "That email and password do not match an account.", {
        password: "That email and password do not match an account.",
      });
    case "INVALID_PASSWORD":
      return fail("invalid", "Your current password is not correct.", {
        currentPassword: "Your current password is not correct.",
      });
    case "PASSWORD_TOO_SHORT":
    case "PASSWORD_TOO_LONG":
      return fail("invalid", "Choose a password between 8 and 128 characters.", {
        password: "Choose a password between 8 and 128 characters.",
      });
    case "ACCOUNT_DEACTIVATED":
      return fail("forbidden", "This account has been deactivated. Contact your administrator.");
    case "INVALID_TOKEN":
      return fail("invalid", "This reset link has expired or was already used. Ask for a new one.");
    case "TOO_MANY_REQUESTS":
      return fail("rate_limited", "Too many attempts. Wait a minute and try again.");
    default: {
      if ((error as ApiErrorLike)?.statusCode === 429) {
        return fail("rate_limited", "Too many attempts. Wait a minute and try again.");
      }
      console.error(`[auth] ${context} failed:`, error);
      return fail("unavailable", "Something went wrong on our side. Please try again in a moment.");
    }
  }
}
