import { toResponse } from "@/auth/guards";
import { getDb } from "@/db/client";
import { demoAnswer } from "@/features/leads/demo-answer";
import { submitDemoRequest } from "@/features/leads/submit-demo-request";
import { clientIp } from "@/lib/client-ip";
import { fail } from "@/lib/result";

/** POST /api/demo: a demo request as JSON (or a form post). 400 with field errors; otherwise a neutral 200. */
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("application/json")) body = await request.json();
    else {
      const form = await request.formData();
      body = { ...Object.fromEntries(form), interests: form.getAll("interests") };
    }
  } catch {
    return toResponse(
      fail("invalid", "Send the demo request as JSON or as a form.", { form: "Unreadable request." }),
    );
  }
  try {
    const result = await submitDemoRequest(
      await getDb(),
      { ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") },
      body,
    );
    return toResponse(demoAnswer(result));
  } catch (error) {
    console.error("[demo] storing a demo request failed:", error);
    return toResponse(
      fail("unavailable", "We could not take your request just now. Please try again in a moment."),
    );
  }
}
