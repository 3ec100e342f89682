// Errors in the shape Stripe answers them, so the official SDK maps each one to
// the same error class it would raise against the real API.

type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    doc_url?: string;
  };
}

export class StripeApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;

  constructor(
    status: number,
    type: StripeErrorType,
    message: string,
    extra: { code?: string; param?: string; declineCode?: string } = {},
  ) {
    super(message);
    this.name = "StripeApiError";
    this.status = status;
    this.type = type;
    this.code = extra.code;
    this.param = extra.param;
    this.declineCode = extra.declineCode;
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody["error"] = { type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}`;
    }
    if (this.param !== undefined) error.param = this.param;
    if (this.declineCode !== undefined) error.decline_code = this.declineCode;
    return { error };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  const extra: { code?: string; param?: string } = {};
  if (param !== undefined) extra.param = param;
  if (code !== undefined) extra.code = code;
  return new StripeApiError(400, "invalid_request_error", message, extra);
}

/** A missing object named in the URL: Stripe answers 404. */
export function notFound(kind: string, id: string): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, {
    code: "resource_missing",
    param: "id",
  });
}

/** A missing object named in a parameter: Stripe answers 400, naming the parameter. */
export function missingReference(kind: string, id: string, param: string): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, param, "resource_missing");
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}
