import { toResponse } from "@/server/http";
import { exportLeadsOperation } from "@/server/operations/leads";

/** GET /api/leads/export?owner=…&status=…&q=…&sort=…(+ a dashboard slice): the current view of the lead table as CSV. */
export async function GET(request: Request): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = await exportLeadsOperation(request.headers, params);
  if (!result.ok) return toResponse(result);
  return new Response(result.stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
