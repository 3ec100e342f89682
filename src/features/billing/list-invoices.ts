import type Stripe from "stripe";

export type InvoiceSummary = {
  id: string;
  number: string | null;
  created: Date;
  amount: number;
  currency: string;
  status: string;
  url: string | null;
};

/** The customer's recent invoices for the billing page; Stripe being down shows an empty list, not an error page. */
export async function listInvoices(stripe: Stripe, customerId: string): Promise<InvoiceSummary[] | null> {
  try {
    const invoices = await stripe.invoices.list({ customer: customerId, limit: 12 });
    return invoices.data.map((i) => ({
      id: i.id ?? "",
      number: i.number ?? null,
      created: new Date(i.created * 1000),
      amount: i.status === "paid" ? i.amount_paid : i.amount_due,
      currency: i.currency,
      status: i.status ?? "draft",
      url: i.hosted_invoice_url ?? null,
    }));
  } catch (error) {
    console.error("[stripe] listing invoices failed:", error);
    return null;
  }
}
