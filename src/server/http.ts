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

/** A POST route handler for an operation: the body (JSON or form) is the operation's input. */
export function postRoute<T extends object>(operation: Operation<T>) {
  return async (request: Request): Promise<Response> =>
    toResponse(await operation(request.headers, await readBody(request)));
}
