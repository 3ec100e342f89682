"use server";

import { headers } from "next/headers";
import { DEMO_TOKEN_FIELD, demoOriginSchema, demoRequestSchema } from "@/features/leads/demo-request-schema";
import { submitDemoOperation } from "@/server/operations/leads";
import { type FormState, failedForm, formValues } from "@/ui/form-state";

/** The demo form's state: a FormState, plus the ticked interests (a list, which `values` cannot hold). */
export type DemoFormState = FormState & { interests?: string[] };

// The schemas name the fields, so a field added there is kept after a refusal without a second list. The
// hidden ones are kept too: a form sent without JavaScript comes back from a new render of the page, which
// must not swap the visitor's token (when the form was first shown) or referrer for its own.
const keptFields = [
  ...demoRequestSchema.keyof().options.filter((name) => name !== "interests"),
  ...demoOriginSchema.keyof().options,
  DEMO_TOKEN_FIELD,
];

/** "interests.1" → "interests": an error in one item of a list is shown beside the list. */
function errorsByField(fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const flat: Record<string, string> = {};
  for (const [key, text] of Object.entries(fields)) flat[key.split(".")[0]!] ??= text;
  return flat;
}

/**
 * The /demo form's server action: the same operation as POST /api/demo, the same answers. The form's
 * hidden fields (token, honeypot, UTM, referrer) travel in the FormData with what the visitor typed.
 */
export async function submitDemoAction(_prev: DemoFormState, formData: FormData): Promise<DemoFormState> {
  const values = formValues(formData, keptFields);
  const interests = formData.getAll("interests").filter((v): v is string => typeof v === "string");
  const result = await submitDemoOperation(await headers(), { ...Object.fromEntries(formData), interests });
  if (!result.ok) {
    const failed = failedForm(result, values);
    return { ...failed, fields: errorsByField(failed.fields), interests };
  }
  return { values: {}, success: result.message };
}
