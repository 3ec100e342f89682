import type { OutgoingMail } from "@/features/notifications/enqueue-mail";

export function passwordResetMail(to: string, name: string, url: string): OutgoingMail {
  return {
    to,
    kind: "password_reset",
    subject: "Reset your Frontdesk password",
    text: [
      `Hello ${name},`,
      "",
      "Someone (hopefully you) asked to reset the password of your Frontdesk account.",
      `Choose a new password here within the next hour: ${url}`,
      "",
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ].join("\n"),
  };
}
