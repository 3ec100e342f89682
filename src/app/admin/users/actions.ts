"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { setAdminRoleOperation, setSalesAccessOperation } from "@/features/accounts/actions";

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
