// All emulator state lives in one plain JSON-able object so it can be written
// to a file and read back after a restart without any mapping code.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type {
  CheckoutLineItem,
  CheckoutSession,
  Customer,
  Invoice,
  InvoicePayment,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  PortalSession,
  Price,
  Product,
  Refund,
  StripeEvent,
  Subscription,
} from "./types.js";

/** What a Checkout Session carries that Stripe does not show on the session object. */
interface CheckoutExtras {
  lineItems: CheckoutLineItem[];
  subscriptionMetadata: Metadata;
  trialPeriodDays: number | null;
}

interface State {
  version: 1;
  /** Seconds added to the base time source by clock advances. */
  clockOffset: number;
  /** Insertion counter; breaks ties between objects created in the same second. */
  seq: number;
  order: Record<string, number>;
  customers: Record<string, Customer>;
  products: Record<string, Product>;
  prices: Record<string, Price>;
  paymentMethods: Record<string, PaymentMethod>;
  checkoutSessions: Record<string, CheckoutSession>;
  checkoutExtras: Record<string, CheckoutExtras>;
  subscriptions: Record<string, Subscription>;
  invoices: Record<string, Invoice>;
  paymentIntents: Record<string, PaymentIntent>;
  invoicePayments: Record<string, InvoicePayment>;
  refunds: Record<string, Refund>;
  portalSessions: Record<string, PortalSession>;
  events: Record<string, StripeEvent>;
}

type Collection =
  | "customers"
  | "products"
  | "prices"
  | "paymentMethods"
  | "checkoutSessions"
  | "subscriptions"
  | "invoices"
  | "paymentIntents"
  | "invoicePayments"
  | "refunds"
  | "portalSessions"
  | "events";

const COLLECTIONS: readonly Collection[] = [
  "customers",
  "products",
  "prices",
  "paymentMethods",
  "checkoutSessions",
  "subscriptions",
  "invoices",
  "paymentIntents",
  "invoicePayments",
  "refunds",
  "portalSessions",
  "events",
];

function emptyState(): State {
  return {
    version: 1,
    clockOffset: 0,
    seq: 0,
    order: {},
    customers: {},
    products: {},
    prices: {},
    paymentMethods: {},
    checkoutSessions: {},
    checkoutExtras: {},
    subscriptions: {},
    invoices: {},
    paymentIntents: {},
    invoicePayments: {},
    refunds: {},
    portalSessions: {},
    events: {},
  };
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number, alphabet = ALPHABET): string {
  const bytes = randomBytes(length);
  let out = "";
  // 62 does not divide 256, so this is very slightly biased; irrelevant for ids.
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}

export class Store {
  state: State;
  private readonly file: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(file?: string) {
    this.file = file;
    this.state = file ? (loadState(file) ?? emptyState()) : emptyState();
  }

  /** Records creation order; call once when an object is first stored. */
  track(id: string): void {
    this.state.seq += 1;
    this.state.order[id] = this.state.seq;
  }

  orderOf(id: string): number {
    return this.state.order[id] ?? 0;
  }

  /** Finds any stored object by id, whatever its type; used by `expand[]`. */
  find(id: string): { collection: Collection; object: object } | undefined {
    for (const collection of COLLECTIONS) {
      const object = (this.state[collection] as Record<string, object>)[id];
      if (object) return { collection, object };
    }
    return undefined;
  }

  reset(): void {
    this.state = emptyState();
    this.scheduleSave();
  }

  /** Coalesces bursts of writes; the file is a convenience, not a journal. */
  scheduleSave(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, 100);
    this.saveTimer.unref();
  }

  saveNow(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    // Rename so a crash mid-write never leaves a truncated state file behind.
    renameSync(tmp, this.file);
  }
}

function loadState(file: string): State | null {
  if (!existsSync(file)) return null;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(`Stripe emulator: ${file} is not a state file this version can read`);
  }
  // Fill collections added after the file was written.
  return { ...emptyState(), ...(parsed as Partial<State>) } as State;
}
