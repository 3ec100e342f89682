import type { Result } from "@/lib/result";

/** What a form shows after a submit: what the person typed, and a sentence per field that needs fixing. */
export type FormState = {
  values: Record<string, string>;
  fields?: Record<string, string>;
  message?: string;
  success?: string;
};

export const emptyForm: FormState = { values: {} };

/** Keeps the typed text fields (never passwords) so a refused form comes back as it was. */
export function formValues(formData: FormData, keep: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of keep) {
    const value = formData.get(key);
    if (typeof value === "string") values[key] = value;
  }
  return values;
}

export function failedForm(result: Exclude<Result, { ok: true }>, values: Record<string, string>): FormState {
  const fieldMessage = result.fields && Object.keys(result.fields).length > 0;
  return { values, fields: result.fields, message: fieldMessage ? undefined : result.message };
}
