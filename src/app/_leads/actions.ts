"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { Result } from "@/lib/result";
import {
  addLeadNoteOperation,
  changeLeadStatusOperation,
  claimLeadOperation,
  getLeadOperation,
  reassignLeadOperation,
  releaseLeadOperation,
} from "@/server/operations/leads";

// Thin adapters: the operations check session, permission and input; both lead consoles use these.

async function after<T extends Result>(result: T): Promise<T> {
  if (result.ok) {
    revalidatePath("/sales/leads");
    revalidatePath("/admin/leads");
  }
  return result;
}

export async function claimLeadAction(input: { leadId: string; version: number }) {
  return after(await claimLeadOperation(await headers(), input));
}

export async function changeLeadStatusAction(input: {
  leadId: string;
  version: number;
  status: string;
  lossReason?: string;
  lossNote?: string;
}) {
  return after(await changeLeadStatusOperation(await headers(), input));
}

export async function releaseLeadAction(input: { leadId: string; version: number }) {
  return after(await releaseLeadOperation(await headers(), input));
}

export async function reassignLeadAction(input: { leadId: string; version: number; toUserId: string }) {
  return after(await reassignLeadOperation(await headers(), input));
}

export async function addLeadNoteAction(input: { leadId: string; version: number; body: string }) {
  return after(await addLeadNoteOperation(await headers(), input));
}

export async function getLeadAction(input: { leadId: string }) {
  return getLeadOperation(await headers(), input);
}
