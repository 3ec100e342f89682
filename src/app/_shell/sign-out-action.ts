"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOutOperation } from "@/server/operations/credentials";

export async function signOutAction(): Promise<void> {
  await signOutOperation(await headers(), {});
  redirect("/login");
}
