"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import {
  changeEmailOperation,
  changePasswordOperation,
  updateNameOperation,
} from "@/server/operations/accounts";
import { type FormState, failedForm, formValues } from "@/ui/form-state";

export async function updateNameAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["name"]);
  const result = await updateNameOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  revalidatePath("/", "layout");
  return { values, success: "Your name was saved." };
}

export async function changeEmailAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  const result = await changeEmailOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  revalidatePath("/", "layout");
  return {
    values,
    success: `We mailed a confirmation link to ${values.email}. Your sign-in email changes when you open it.`,
  };
}

export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await changePasswordOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, {});
  return { values: {}, success: "Your password was changed. Your other sessions were signed out." };
}
