"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { demoAnswer } from "@/features/leads/demo-answer";
import { submitDemoRequest } from "@/features/leads/submit-demo-request";
import { clientIp } from "@/lib/client-ip";
import { fail } from "@/lib/result";

/** The /demo form's server action: the same feature function as POST /api/demo, the same answers. */
export async function submitDemoAction(input: Record<string, unknown>) {
  const h = await headers();
  try {
    const result = await submitDemoRequest(
      await getDb(),
      { ip: clientIp(h), userAgent: h.get("user-agent") },
      input,
    );
    return demoAnswer(result);
  } catch (error) {
    console.error("[demo] storing a demo request failed:", error);
    return fail("unavailable", "We could not take your request just now. Please try again in a moment.");
  }
}
