"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import {
  deleteUserOperation,
  sendPasswordResetOperation,
  setAdminRoleOperation,
  setSalesAccessOperation,
  setUserActiveOperation,
} from "@/server/operations/accounts";
import { billingExemptionOperation } from "@/server/operations/billing";

export async function setAdminRoleAction(input: { userId: string; admin: boolean }) {
  const result = await setAdminRoleOperation(await headers(), input);
  if (result.ok) revalidatePath("/admin/users");
  return result;
}

export async function setSalesAccessAction(input: { userId: string; isSales: boolean }) {
  const result = await setSalesAccessOperation(await headers(), input);
  if (result.ok) revalidatePath("/admin/users");
  return result;
}

export async function setBillingExemptionAction(input: { userId: string; exempt: boolean; reason?: string }) {
  const result = await billingExemptionOperation(await headers(), input);
  if (result.ok) revalidatePath("/admin/users");
  return result;
}

export async function setUserActiveAction(input: { userId: string; active: boolean }) {
  const result = await setUserActiveOperation(await headers(), input);
  if (result.ok) revalidatePath("/admin/users");
  return result;
}

export async function sendPasswordResetAction(input: { userId: string }) {
  return sendPasswordResetOperation(await headers(), input);
}

export async function deleteUserAction(input: { userId: string; confirmEmail: string }) {
  const result = await deleteUserOperation(await headers(), input);
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
