/**
 * A route's input: JSON, or form fields (a field sent several times, like checkboxes, becomes a list). An
 * empty or unreadable body is an empty object: the operation's schema decides what that means.
 */
export async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) return await request.json();
    if (type.includes("form")) {
      const form = await request.formData();
      const body: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
      for (const key of new Set(form.keys())) {
        const values = form.getAll(key);
        body[key] = values.length > 1 ? values : values[0]!;
      }
      return body;
    }
  } catch {
    return {};
  }
  return {};
}
