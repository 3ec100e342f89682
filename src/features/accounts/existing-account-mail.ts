import type { OutgoingMail } from "@/features/notifications/enqueue-mail";

/**
 * Sign-up answers the same whether or not the address has an account (SPEC §11); the one who owns the
 * address learns of the attempt here instead, with the ways back in.
 */
export function existingAccountMail(to: string, name: string, appUrl: string): OutgoingMail {
  return {
    to,
    kind: "existing_account",
    subject: "You already have a Frontdesk account",
    text: [
      `Hello ${name},`,
      "",
      "Someone (hopefully you) tried to create a Frontdesk account with this address, which already has one.",
      `Sign in here: ${appUrl}/login`,
      `Forgot your password? Choose a new one here: ${appUrl}/forgot-password`,
      "",
      "If this was not you, you can ignore this mail: nothing about your account has changed.",
    ].join("\n"),
  };
}
