import type { OutgoingMail } from "@/features/notifications/enqueue-mail";

/** Sent to a new address before the account's sign-in email changes to it. */
export function verifyEmailMail(to: string, name: string, url: string): OutgoingMail {
  return {
    to,
    kind: "verify_email",
    subject: "Confirm your new Frontdesk email address",
    text: [
      `Hello ${name},`,
      "",
      "You asked to sign in to Frontdesk with this address from now on.",
      `Confirm it here: ${url}`,
      "",
      "Until you do, your account keeps its current address. If this was not you, ignore this mail.",
    ].join("\n"),
  };
}
