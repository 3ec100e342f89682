"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { reconcileOperation } from "@/server/operations/billing";

export async function reconcileAction() {
  const result = await reconcileOperation(await headers(), {});
  if (result.ok) revalidatePath("/admin/billing");
  return result;
}
