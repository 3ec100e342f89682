import { readBody } from "@/lib/read-body";
import { crossSiteRefusal, toResponse } from "@/server/http";
import { submitDemoOperation } from "@/server/operations/leads";

/** POST /api/demo: a demo request as JSON (or a form post). 400 with field errors; otherwise a neutral 200. */
export async function POST(request: Request): Promise<Response> {
  const crossSite = crossSiteRefusal(request);
  if (crossSite) return crossSite;
  return toResponse(await submitDemoOperation(request.headers, await readBody(request)));
}
