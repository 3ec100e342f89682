import type { OutgoingMail } from "@/features/notifications/enqueue-mail";

/**
 * The link that proves an address: after sign-up (the account is then linked to its leads and the
 * person is signed in), or before the sign-in email of a verified account changes to a new address.
 */
export function verifyEmailMail(
  to: string,
  name: string,
  url: string,
  purpose: "sign-up" | "change",
): OutgoingMail {
  const body =
    purpose === "sign-up"
      ? [
          "Welcome to Frontdesk. Confirm this is your address to finish creating your account:",
          url,
          "",
          "If you did not sign up, ignore this mail: nothing happens without the link.",
        ]
      : [
          "You asked to sign in to Frontdesk with this address from now on.",
          `Confirm it here: ${url}`,
          "",
          "Until you do, your account keeps its current address. If this was not you, ignore this mail.",
        ];
  return {
    to,
    kind: "verify_email",
    subject:
      purpose === "sign-up" ? "Confirm your email for Frontdesk" : "Confirm your new Frontdesk email address",
    text: [`Hello ${name},`, "", ...body].join("\n"),
  };
}
