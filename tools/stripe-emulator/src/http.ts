import type { IncomingMessage, ServerResponse } from "node:http";
import { invalidRequest, StripeApiError } from "./errors.js";

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(invalidRequest("Request body too large."));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string | object,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-cache, no-store",
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  err: StripeApiError,
  headers: Record<string, string> = {},
): void {
  sendJson(res, err.status, err.toBody(), headers);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(html)),
    "Cache-Control": "no-store",
  });
  res.end(html);
}

/** 303 so the browser follows a form POST with a GET. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, "Content-Length": "0" });
  res.end();
}

export function asStripeError(err: unknown): StripeApiError {
  if (err instanceof StripeApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StripeApiError(500, "api_error", `Stripe emulator internal error: ${message}`);
}
