"use server";

import { headers } from "next/headers";
import { submitDemoOperation } from "@/server/operations/leads";

/** The /demo form's server action: the same operation as POST /api/demo, the same answers. */
export async function submitDemoAction(input: Record<string, unknown>) {
  return submitDemoOperation(await headers(), input);
}
