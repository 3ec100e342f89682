import { appUrl } from "@/config/env";
import { readBody } from "@/lib/read-body";
import { httpStatusOf, type Result } from "@/lib/result";
import type { Operation } from "./operations/define-operation";

/** An operation's result as JSON, with the status code its failure code stands for. */
export function toResponse<T extends object>(result: Result<T>): Response {
  if (result.ok) return Response.json(result);
  return Response.json(
    { error: { code: result.code, message: result.message, fields: result.fields } },
    { status: httpStatusOf[result.code] },
  );
}

const refusal = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * Refuses a request a page on another site made with the visitor's cookies (CSRF): a foreign Origin, or
 * the browser's own Sec-Fetch-Site saying cross-site. A request without either (a script, a test, Stripe)
 * carries no browser cookie by accident and is let through; the route still checks its session.
 */
export function crossSiteRefusal(request: Request): Response | null {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin && origin !== new URL(appUrl()).origin) || site === "cross-site") {
    return refusal(403, "forbidden", "This request came from another site, so it was refused.");
  }
  return null;
}

/**
 * A POST route handler for an operation that takes JSON. Other sites are refused first, and so is any
 * other content type: an HTML form (which another site can submit without asking) is never JSON.
 */
export function postRoute<T extends object>(operation: Operation<T>) {
  return async (request: Request): Promise<Response> => {
    const crossSite = crossSiteRefusal(request);
    if (crossSite) return crossSite;
    const type = request.headers.get("content-type");
    if (type && !type.toLowerCase().startsWith("application/json")) {
      return refusal(415, "unsupported_media_type", "Send this request as JSON.");
    }
    return toResponse(await operation(request.headers, await readBody(request)));
  };
}
