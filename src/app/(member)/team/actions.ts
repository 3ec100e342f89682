"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createTeamOperation } from "@/server/operations/teams";
import { type FormState, failedForm, formValues } from "@/ui/form-state";

export async function createTeamAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData, ["name"]);
  const result = await createTeamOperation(await headers(), Object.fromEntries(formData));
  if (!result.ok) return failedForm(result, values);
  redirect(`/team/${result.team.id}?created=1`);
}
