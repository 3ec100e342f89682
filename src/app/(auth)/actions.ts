"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "@/auth/auth";
import { type FormState, failedForm, formValues } from "@/auth/form-state";
import { safeNextPath } from "@/features/accounts/credentials-schema";
import { requestPasswordReset } from "@/features/accounts/request-password-reset";
import { resetPassword } from "@/features/accounts/reset-password";
import { signIn } from "@/features/accounts/sign-in";
import { signUp } from "@/features/accounts/sign-up";

export async function signUpAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["name", "email", "next"]);
  const result = await signUp(await getAuth(), Object.fromEntries(formData), await headers());
  if (!result.ok) return failedForm(result, values);
  redirect(safeNextPath(values.next));
}

export async function signInAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email", "next"]);
  const result = await signIn(await getAuth(), Object.fromEntries(formData), await headers());
  if (!result.ok) return failedForm(result, values);
  redirect(safeNextPath(values.next));
}

export async function requestResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["email"]);
  const result = await requestPasswordReset(await getAuth(), Object.fromEntries(formData), await headers());
  if (!result.ok) return failedForm(result, values);
  return {
    values,
    success: "If an account uses that address, a reset link is on its way. It works for one hour.",
  };
}

export async function resetPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["token"]);
  const result = await resetPassword(await getAuth(), Object.fromEntries(formData), await headers());
  if (!result.ok) return failedForm(result, values);
  redirect("/login?reset=1");
}
