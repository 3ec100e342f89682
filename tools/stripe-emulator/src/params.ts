// Typed reads of parsed form parameters, failing with the same messages and
// `param` names Stripe uses so the app sees realistic validation errors.
import { invalidRequest, missingParam } from "./errors.js";
import type { FormObject, FormValue } from "./form-parse.js";
import type { Metadata } from "./types.js";

function paramName(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}[${key}]`;
}

/** A view of one level of parameters, remembering its path for error messages. */
export class Params {
  readonly raw: FormObject;
  readonly prefix: string;

  constructor(raw: FormObject, prefix = "") {
    this.raw = raw;
    this.prefix = prefix;
  }

  name(key: string): string {
    return paramName(this.prefix, key);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /**
   * Rejects parameters this endpoint does not know. Silently ignoring them
   * would let the app depend on behaviour the emulator does not have.
   */
  allowOnly(known: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (key === "expand" && this.prefix === "") continue;
      if (!known.includes(key)) {
        const name = this.name(key);
        throw invalidRequest(`Received unknown parameter: ${name}`, name, "parameter_unknown");
      }
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw invalidRequest(`Invalid string: ${this.name(key)}`, this.name(key));
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  /** Stripe treats an empty value as "unset", which for nullable fields means null. */
  nullableString(key: string): string | null | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    return value === "" ? null : value;
  }

  int(key: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?[0-9]+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, this.name(key));
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw invalidRequest(`Invalid integer: ${value}`, this.name(key));
    if (n < min) {
      throw invalidRequest(
        `This value must be greater than or equal to ${min}.`,
        this.name(key),
        "parameter_invalid_integer",
      );
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidRequest(`Invalid boolean: ${value}`, this.name(key));
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${allowed.join(", ")}`, this.name(key));
    }
    return value as T;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === "string" || Array.isArray(value)) {
      throw invalidRequest(`Invalid hash: ${this.name(key)}`, this.name(key));
    }
    return new Params(value, this.name(key));
  }

  /** An array of hashes, e.g. `line_items` or `items`. */
  objects(key: string): Params[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    return value.map((entry: FormValue, i) => {
      const name = `${this.name(key)}[${i}]`;
      if (typeof entry === "string" || Array.isArray(entry))
        throw invalidRequest(`Invalid hash: ${name}`, name);
      return new Params(entry, name);
    });
  }

  strings(key: string): string[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    // Stripe accepts a lone value where an array of strings is expected.
    if (typeof value === "string") return value === "" ? [] : [value];
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    return value.map((entry, i) => {
      if (typeof entry !== "string") {
        throw invalidRequest(`Invalid string: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`);
      }
      return entry;
    });
  }

  /**
   * Metadata as sent: `null` clears everything (`metadata=`), otherwise a map
   * where an empty value removes that key.
   */
  metadata(key = "metadata"): Metadata | null | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return null;
    if (typeof value === "string" || Array.isArray(value)) {
      throw invalidRequest(`Invalid hash: ${this.name(key)}`, this.name(key));
    }
    const out: Metadata = {};
    const keys = Object.keys(value);
    if (keys.length > 50) throw invalidRequest("Metadata can have at most 50 keys.", this.name(key));
    for (const k of keys) {
      const v = value[k];
      const name = `${this.name(key)}[${k}]`;
      if (typeof v !== "string") throw invalidRequest(`Invalid string: ${name}`, name);
      if (k.length > 40) throw invalidRequest("Metadata keys can be at most 40 characters.", name);
      if (v.length > 500) throw invalidRequest("Metadata values can be at most 500 characters.", name);
      out[k] = v;
    }
    return out;
  }
}

/** Applies a metadata update the way Stripe merges it into existing metadata. */
export function mergeMetadata(current: Metadata, update: Metadata | null | undefined): Metadata {
  if (update === undefined) return current;
  if (update === null) return {};
  const out: Metadata = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Metadata given at creation: empty values are simply left out. */
export function initialMetadata(update: Metadata | null | undefined): Metadata {
  return mergeMetadata({}, update);
}
