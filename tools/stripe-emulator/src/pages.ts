// Server-rendered HTML for the hosted pages. Plain forms, no JavaScript, so
// they work in any browser test and say loudly that nothing real is charged.
import { describePrice, formatAmount } from "./billing.js";
import type { Runtime } from "./runtime.js";
import type { CheckoutSession, Invoice, PortalSession, Price, Subscription } from "./types.js";

function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const e = escapeHtml;

function formatDate(unix: number): string {
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(unix * 1000));
}

function priceLabel(price: Price): string {
  const amount = formatAmount(price.unit_amount, price.currency);
  if (!price.recurring) return amount;
  const { interval, interval_count: count } = price.recurring;
  return count === 1 ? `${amount} / ${interval}` : `${amount} every ${count} ${interval}s`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1f36;background:#f6f8fa}
.banner{background:#ffd479;color:#3d2c00;padding:.5rem 1rem;text-align:center;font-weight:600}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:1.5rem;margin-bottom:1rem}
h1{font-size:1.4rem;margin:0 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
table{width:100%;border-collapse:collapse}
td,th{padding:.35rem 0;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}
tfoot td{border-top:1px solid #e3e8ee;font-weight:600}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{width:100%;padding:.6rem;border:1px solid #c1c9d2;border-radius:6px;font:inherit}
input:focus,button:focus,a:focus{outline:3px solid #635bff;outline-offset:2px}
.row{display:flex;gap:1rem}.row>div{flex:1}
button{margin-top:1rem;width:100%;padding:.7rem;border:0;border-radius:6px;background:#635bff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:#1a1f36;border:1px solid #c1c9d2;width:auto;margin:0;padding:.4rem .8rem}
.error{background:#fde8e8;color:#8a1c1c;border:1px solid #f5b5b5;border-radius:6px;padding:.6rem;margin-top:1rem}
.notice{background:#e6f6ea;color:#1b5e2c;border-radius:6px;padding:.6rem;margin-bottom:1rem}
.muted{color:#596171;font-size:.9rem}
.status{display:inline-block;padding:0 .4rem;border-radius:4px;background:#e3e8ee;font-size:.85rem}
form.inline{display:inline}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)} · Stripe emulator (test mode)</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note">Stripe emulator — test mode, no real payment</div>
<main>
${body}
</main>
</body>
</html>`;
}

function cardFields(
  error: string | undefined,
  values: { number?: string; expiry?: string; cvc?: string },
): string {
  const invalid = error ? ' aria-invalid="true" aria-describedby="card-error"' : "";
  return `
  <label for="card_number">Card number</label>
  <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" value="${e(values.number ?? "")}" required${invalid}>
  <div class="row">
    <div>
      <label for="card_expiry">Expiry (MM / YY)</label>
      <input id="card_expiry" name="card_expiry" autocomplete="cc-exp" placeholder="12 / 34" value="${e(values.expiry ?? "")}">
    </div>
    <div>
      <label for="card_cvc">CVC</label>
      <input id="card_cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" value="${e(values.cvc ?? "")}">
    </div>
  </div>
  ${error ? `<p class="error" id="card-error" role="alert">${e(error)}</p>` : ""}`;
}

const TEST_CARD_HINT = `<p class="muted">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 pays now but its next renewal fails; anything else is declined.</p>`;

interface FormState {
  error?: string;
  values?: { number?: string; expiry?: string; cvc?: string };
}

export function checkoutPage(rt: Runtime, session: CheckoutSession, state: FormState = {}): string {
  const extras = rt.store.state.checkoutExtras[session.id];
  const lines = extras?.lineItems ?? [];
  const trial = extras?.trialPeriodDays ?? null;
  const rows = lines
    .map(
      (
        li,
      ) => `<tr><td>${e(describePrice(rt, li.price))}<br><span class="muted">${e(priceLabel(li.price))}</span></td>
<td class="num">Qty ${li.quantity}</td><td class="num">${e(formatAmount(li.amount_total, li.currency))}</td></tr>`,
    )
    .join("\n");
  const total = lines.reduce((sum, li) => sum + li.amount_total, 0);
  const email = session.customer ? rt.store.state.customers[session.customer]?.email : session.customer_email;
  const body = `
<div class="card">
  <h1>Subscribe</h1>
  ${email ? `<p class="muted">For ${e(email)}</p>` : ""}
  <table aria-label="Order summary">
    <thead><tr><th>Plan</th><th class="num">Quantity</th><th class="num">Amount</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><td colspan="2">${trial ? `Due today (${trial}-day free trial, then ${e(formatAmount(total, session.currency))})` : "Total due today"}</td>
    <td class="num">${e(formatAmount(trial ? 0 : total, session.currency))}</td></tr></tfoot>
  </table>
</div>
<div class="card">
  <form method="post" action="/checkout/${e(session.id)}" aria-label="Payment">
  <h2>Payment details</h2>
  ${cardFields(state.error, state.values ?? {})}
  <button type="submit">${trial ? "Start trial" : `Pay ${e(formatAmount(total, session.currency))}`}</button>
  </form>
  ${TEST_CARD_HINT}
  ${session.cancel_url ? `<p><a href="${e(session.cancel_url)}">Cancel and go back</a></p>` : ""}
</div>`;
  return layout("Checkout", body);
}

export function checkoutClosedPage(session: CheckoutSession): string {
  const done = session.status === "complete";
  const link = done
    ? session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id)
    : session.cancel_url;
  return layout(
    "Checkout",
    `<div class="card"><h1>${done ? "This checkout is already complete" : "This checkout session has expired"}</h1>
${link ? `<p><a href="${e(link)}">Return to the site</a></p>` : ""}</div>`,
  );
}

function itemLabel(rt: Runtime, item: { price: Price; quantity: number }): string {
  return `${describePrice(rt, item.price)}${item.quantity === 1 ? "" : ` × ${item.quantity}`}`;
}

function subscriptionRow(rt: Runtime, portalId: string, sub: Subscription): string {
  // A team's subscription is one item with many seats; others may have several items: show them all.
  const items = sub.items.data;
  const plan = items.length > 0 ? items.map((i) => itemLabel(rt, i)).join(", ") : "Subscription";
  const price = items
    .map((i) =>
      i.quantity === 1
        ? priceLabel(i.price)
        : `${priceLabel(i.price)} each, ${formatAmount(i.price.unit_amount * i.quantity, i.price.currency)} in all`,
    )
    .join("; ");
  const pending = sub.pending_update;
  const pendingInvoice =
    pending && sub.latest_invoice ? rt.store.state.invoices[sub.latest_invoice] : undefined;
  const pendingNote =
    pending && pendingInvoice
      ? `<p class="notice" role="status">Waiting for payment: ${e((pending.subscription_items ?? []).map((i) => itemLabel(rt, i)).join(", "))}. <a href="/invoice/${e(pendingInvoice.id)}">Pay invoice ${e(pendingInvoice.number)}</a> by ${e(formatDate(pending.expires_at))}.</p>`
      : "";
  let when: string;
  if (sub.status === "canceled") when = `Ended ${formatDate(sub.ended_at ?? sub.current_period_end)}`;
  else if (sub.cancel_at_period_end) when = `Cancels on ${formatDate(sub.current_period_end)}`;
  else if (sub.status === "trialing") when = `Trial ends ${formatDate(sub.current_period_end)}`;
  else when = `Renews on ${formatDate(sub.current_period_end)}`;
  const action = (path: string, label: string): string =>
    `<form class="inline" method="post" action="/portal/${e(portalId)}/subscriptions/${e(sub.id)}/${path}"><button class="secondary" type="submit">${label}</button></form>`;
  let buttons = "";
  if (sub.status !== "canceled" && sub.status !== "incomplete_expired") {
    buttons = sub.cancel_at_period_end
      ? action("resume", "Resume")
      : action("cancel", "Cancel at period end");
  }
  return `<li class="card" aria-label="${e(plan)}">
  <h2>${e(plan)}</h2>
  <p>${e(price)} · <span class="status">${e(sub.status)}</span></p>
  <p class="muted">${e(when)}</p>
  ${pendingNote}
  ${buttons}
</li>`;
}

export function portalPage(rt: Runtime, session: PortalSession, notice?: string): string {
  const customer = rt.store.state.customers[session.customer];
  const subs = Object.values(rt.store.state.subscriptions)
    .filter((s) => s.customer === session.customer)
    .sort((a, b) => b.created - a.created || rt.store.orderOf(b.id) - rt.store.orderOf(a.id));
  const invoices = Object.values(rt.store.state.invoices)
    .filter((inv) => inv.customer === session.customer)
    .sort((a, b) => b.created - a.created || rt.store.orderOf(b.id) - rt.store.orderOf(a.id))
    .slice(0, 10);
  const invoiceRows = invoices
    .map(
      (
        inv,
      ) => `<tr><td><a href="/invoice/${e(inv.id)}">${e(inv.number)}</a></td><td>${e(formatDate(inv.created))}</td>
<td><span class="status">${e(inv.status)}</span></td><td class="num">${e(formatAmount(inv.total, inv.currency))}</td></tr>`,
    )
    .join("\n");
  const body = `
<h1>Billing${customer?.email ? ` for ${e(customer.email)}` : ""}</h1>
${notice ? `<p class="notice" role="status">${e(notice)}</p>` : ""}
<section aria-labelledby="subs-heading">
<h2 id="subs-heading">Subscriptions</h2>
${subs.length === 0 ? '<p class="card">No subscriptions.</p>' : `<ul style="list-style:none;padding:0">${subs.map((s) => subscriptionRow(rt, session.id, s)).join("\n")}</ul>`}
</section>
<section class="card" aria-labelledby="inv-heading">
<h2 id="inv-heading">Invoices</h2>
${invoices.length === 0 ? "<p>No invoices.</p>" : `<table><thead><tr><th>Number</th><th>Date</th><th>Status</th><th class="num">Total</th></tr></thead><tbody>${invoiceRows}</tbody></table>`}
</section>
${session.return_url ? `<p><a href="${e(session.return_url)}">Return to the site</a></p>` : ""}`;
  return layout("Billing portal", body);
}

export function invoicePage(rt: Runtime, invoice: Invoice, state: FormState = {}): string {
  const rows = invoice.lines.data
    .map(
      (
        l,
      ) => `<tr><td>${e(l.description)}<br><span class="muted">${e(formatDate(l.period.start))} – ${e(formatDate(l.period.end))}</span></td>
<td class="num">${e(formatAmount(l.amount, l.currency))}</td></tr>`,
    )
    .join("\n");
  const payForm =
    invoice.status === "open"
      ? `<div class="card"><form method="post" action="/invoice/${e(invoice.id)}" aria-label="Pay invoice">
<h2>Pay this invoice</h2>
${cardFields(state.error, state.values ?? {})}
<button type="submit">Pay ${e(formatAmount(invoice.amount_remaining, invoice.currency))}</button>
</form>${TEST_CARD_HINT}</div>`
      : "";
  const customer = rt.store.state.customers[invoice.customer];
  const body = `
<div class="card">
  <h1>Invoice ${e(invoice.number)}</h1>
  <p><span class="status">${e(invoice.status)}</span> · ${e(formatDate(invoice.created))}${customer?.email ? ` · ${e(customer.email)}` : ""}</p>
  <table aria-label="Invoice lines">
    <tbody>${rows}</tbody>
    <tfoot><tr><td>Amount due</td><td class="num">${e(formatAmount(invoice.amount_due, invoice.currency))}</td></tr>
    <tr><td>Amount paid</td><td class="num">${e(formatAmount(invoice.amount_paid, invoice.currency))}</td></tr></tfoot>
  </table>
</div>
${payForm}`;
  return layout(`Invoice ${invoice.number}`, body);
}

export function indexPage(rt: Runtime): string {
  const s = rt.store.state;
  const count = (o: object): number => Object.keys(o).length;
  return layout(
    "Stripe emulator",
    `<div class="card"><h1>Stripe emulator</h1>
<p>Speaks a subset of Stripe's API at <code>${e(rt.baseUrl)}/v1</code>. Point the official SDK here with <code>host</code>, <code>port</code> and <code>protocol: 'http'</code>.</p>
<p>Emulator time: ${e(new Date(rt.now() * 1000).toISOString())}</p>
<table aria-label="Stored objects"><tbody>
<tr><td>Customers</td><td class="num">${count(s.customers)}</td></tr>
<tr><td>Prices</td><td class="num">${count(s.prices)}</td></tr>
<tr><td>Subscriptions</td><td class="num">${count(s.subscriptions)}</td></tr>
<tr><td>Invoices</td><td class="num">${count(s.invoices)}</td></tr>
<tr><td>Events</td><td class="num">${count(s.events)}</td></tr>
<tr><td>Webhook deliveries pending</td><td class="num">${rt.webhooks.pendingCount()}</td></tr>
</tbody></table></div>`,
  );
}

export function notFoundPage(what: string): string {
  return layout("Not found", `<div class="card"><h1>Not found</h1><p>${e(what)}</p></div>`);
}
