"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  requestPasswordResetOperation,
  resetPasswordOperation,
  signInOperation,
  signUpOperation,
} from "@/server/operations/credentials";
import { type FormState, failedForm, formValues } from "@/ui/form-state";

/** The same answer whether or not the address has an account: the mail says which it was. */
export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["name", "email", "next"]);
  const result = await signUpOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  return {
    values,
    success: `Check your inbox: we sent a link to ${result.email}. Open it within an hour to finish creating your account.`,
  };
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "next"]);
  const result = await signInOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  redirect(result.destination);
}

export async function requestResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  const result = await requestPasswordResetOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  return {
    values,
    success: "If an account uses that address, a reset link is on its way. It works for one hour.",
  };
}

export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  const result = await resetPasswordOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  redirect("/login?reset=1");
}
