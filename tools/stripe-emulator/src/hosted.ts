// The browser-facing pages: Checkout, the billing portal and hosted invoices.
import type { ServerResponse } from "node:http";
import { payInvoiceWithCard, setCancelAtPeriodEnd } from "./billing.js";
import { completeCheckout } from "./checkout.js";
import { StripeApiError } from "./errors.js";
import { parseForm } from "./form-parse.js";
import { redirect, sendHtml } from "./http.js";
import {
  checkoutClosedPage,
  checkoutPage,
  indexPage,
  invoicePage,
  notFoundPage,
  portalPage,
} from "./pages.js";
import type { Runtime } from "./runtime.js";

function field(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === "string" ? value : "";
}

function pageError(err: unknown): { status: number; message: string } {
  if (err instanceof StripeApiError) return { status: err.status, message: err.message };
  throw err;
}

/** Handles a hosted-page request; returns false when the path is not a hosted page. */
export function handleHosted(
  rt: Runtime,
  res: ServerResponse,
  method: string,
  url: URL,
  body: string,
): boolean {
  const parts = url.pathname.split("/").filter(Boolean);
  const [section, id, sub, subId, action] = parts;
  const state = rt.store.state;

  if (url.pathname === "/" && method === "GET") {
    sendHtml(res, 200, indexPage(rt));
    return true;
  }

  if (section === "checkout" && id && parts.length === 2) {
    const session = state.checkoutSessions[id];
    if (!session) {
      sendHtml(res, 404, notFoundPage("No such checkout session."));
      return true;
    }
    if (method === "GET") {
      sendHtml(res, 200, session.status === "open" ? checkoutPage(rt, session) : checkoutClosedPage(session));
      return true;
    }
    if (method === "POST") {
      const form = parseForm(body);
      const values = {
        number: field(form, "card_number"),
        expiry: field(form, "card_expiry"),
        cvc: field(form, "card_cvc"),
      };
      if (session.status !== "open") {
        sendHtml(res, 409, checkoutClosedPage(session));
        return true;
      }
      try {
        const result = completeCheckout(rt, session, values);
        redirect(res, result.redirectUrl);
      } catch (err) {
        const { status, message } = pageError(err);
        sendHtml(res, status, checkoutPage(rt, session, { error: message, values }));
      }
      return true;
    }
  }

  if (section === "portal" && id) {
    const portal = state.portalSessions[id];
    if (!portal) {
      sendHtml(res, 404, notFoundPage("No such billing portal session."));
      return true;
    }
    if (method === "GET" && parts.length === 2) {
      sendHtml(res, 200, portalPage(rt, portal, url.searchParams.get("notice") ?? undefined));
      return true;
    }
    if (
      method === "POST" &&
      sub === "subscriptions" &&
      subId &&
      (action === "cancel" || action === "resume")
    ) {
      const subscription = state.subscriptions[subId];
      // A portal session only ever acts on its own customer's subscriptions.
      if (!subscription || subscription.customer !== portal.customer) {
        sendHtml(res, 404, notFoundPage("No such subscription for this customer."));
        return true;
      }
      let notice: string;
      try {
        setCancelAtPeriodEnd(rt, subscription, action === "cancel");
        notice =
          action === "cancel"
            ? "Your subscription will be canceled at the end of the period."
            : "Your subscription has been resumed.";
      } catch (err) {
        notice = pageError(err).message;
      }
      redirect(res, `/portal/${encodeURIComponent(portal.id)}?notice=${encodeURIComponent(notice)}`);
      return true;
    }
  }

  if (section === "invoice" && id && parts.length === 2) {
    const invoice = state.invoices[id];
    if (!invoice) {
      sendHtml(res, 404, notFoundPage("No such invoice."));
      return true;
    }
    if (method === "GET") {
      sendHtml(res, 200, invoicePage(rt, invoice));
      return true;
    }
    if (method === "POST") {
      const form = parseForm(body);
      const values = {
        number: field(form, "card_number"),
        expiry: field(form, "card_expiry"),
        cvc: field(form, "card_cvc"),
      };
      try {
        payInvoiceWithCard(rt, invoice, values);
        redirect(res, `/invoice/${encodeURIComponent(invoice.id)}`);
      } catch (err) {
        const { status, message } = pageError(err);
        sendHtml(res, status, invoicePage(rt, invoice, { error: message, values }));
      }
      return true;
    }
  }
  return false;
}
