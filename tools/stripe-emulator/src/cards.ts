// Test card numbers and what they do. Only two numbers succeed, so a typo in a
// test shows up as a decline rather than a silent success.
import { createHash } from "node:crypto";
import { StripeApiError } from "./errors.js";

export const CARD_SUCCEEDS = "4242424242424242";
/** Accepted at checkout; every later off-session charge fails (Stripe's "attach succeeds, charges fail" card). */
const CARD_FAILS_LATER = "4000000000000341";

export interface CardInput {
  number: string;
  expiry?: string | undefined;
  cvc?: string | undefined;
}

export interface AcceptedCard {
  number: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
}

/** Declines named after the Stripe test cards that trigger them. */
const DECLINES: Record<string, { message: string; code: string; decline: string }> = {
  "4000000000000002": {
    message: "Your card was declined.",
    code: "card_declined",
    decline: "generic_decline",
  },
  "4000000000009995": {
    message: "Your card has insufficient funds.",
    code: "card_declined",
    decline: "insufficient_funds",
  },
  "4000000000009987": { message: "Your card was declined.", code: "card_declined", decline: "lost_card" },
  "4000000000000069": { message: "Your card has expired.", code: "expired_card", decline: "expired_card" },
  "4000000000000127": {
    message: "Your card's security code is incorrect.",
    code: "incorrect_cvc",
    decline: "incorrect_cvc",
  },
};

function cardError(message: string, code: string, param: string, declineCode?: string): StripeApiError {
  const extra: { code: string; param: string; declineCode?: string } = { code, param };
  if (declineCode !== undefined) extra.declineCode = declineCode;
  return new StripeApiError(402, "card_error", message, extra);
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function parseExpiry(expiry: string | undefined): { month: number; year: number } | null {
  if (expiry === undefined || expiry.trim() === "") return { month: 12, year: 2034 };
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!m) return null;
  const month = Number(m[1]);
  const rawYear = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { month, year: rawYear < 100 ? 2000 + rawYear : rawYear };
}

/** Validates a card as Checkout would, throwing a Stripe `card_error` when it is refused. */
export function acceptCard(input: CardInput): AcceptedCard {
  const number = input.number.replace(/[\s-]/g, "");
  if (number === "") throw cardError("Your card number is incomplete.", "incomplete_number", "card[number]");
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    throw cardError("Your card number is incorrect.", "incorrect_number", "card[number]");
  }
  const expiry = parseExpiry(input.expiry);
  if (!expiry)
    throw cardError("Your card's expiration date is invalid.", "invalid_expiry_month", "card[exp_month]");
  if (input.cvc !== undefined && input.cvc.trim() !== "" && !/^\d{3,4}$/.test(input.cvc.trim())) {
    throw cardError("Your card's security code is invalid.", "invalid_cvc", "card[cvc]");
  }
  const decline = DECLINES[number];
  if (decline) throw cardError(decline.message, decline.code, "card", decline.decline);
  if (number !== CARD_SUCCEEDS && number !== CARD_FAILS_LATER) {
    throw cardError("Your card was declined.", "card_declined", "card", "generic_decline");
  }
  return {
    number,
    brand: "visa",
    last4: number.slice(-4),
    expMonth: expiry.month,
    expYear: expiry.year,
    fingerprint: createHash("sha256").update(number).digest("hex").slice(0, 16),
  };
}

/** Whether an off-session charge (renewal, proration) on a saved card succeeds. */
export function offSessionChargeSucceeds(last4: string): boolean {
  return last4 !== CARD_FAILS_LATER.slice(-4);
}
