export type FailureCode =
  | "unauthenticated"
  | "forbidden"
  | "conflict"
  | "not_found"
  | "invalid"
  | "unavailable"
  | "rate_limited";

export type Failure = {
  ok: false;
  code: FailureCode;
  message: string;
  fields?: Record<string, string>;
};

export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

export const fail = (code: FailureCode, message: string, fields?: Record<string, string>): Failure =>
  fields ? { ok: false, code, message, fields } : { ok: false, code, message };

export const httpStatusOf: Record<FailureCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 400,
  rate_limited: 429,
  unavailable: 503,
};
