import { readBody } from "@/lib/read-body";
import { toResponse } from "@/server/http";
import { submitDemoOperation } from "@/server/operations/leads";

/** POST /api/demo: a demo request as JSON (or a form post). 400 with field errors; otherwise a neutral 200. */
export async function POST(request: Request): Promise<Response> {
  return toResponse(await submitDemoOperation(request.headers, await readBody(request)));
}
