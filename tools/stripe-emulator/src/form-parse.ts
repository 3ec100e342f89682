// Parser for Stripe's form encoding: `a[b][c]=v`, `list[0][x]=v`, `list[]=v`.
// Written here rather than pulled from a library so that the emulator has no
// dependencies and so the edge cases (metadata keys that look like indexes,
// prototype keys, conflicting shapes) behave the way this emulator wants.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormParseError extends Error {
  readonly param: string;
  constructor(message: string, param: string) {
    super(message);
    this.name = "FormParseError";
    this.param = param;
  }
}

const MAX_INDEX = 10_000;
const MAX_DEPTH = 8;

// Objects under these keys hold user-chosen keys, so `metadata[0]=x` must stay
// an object rather than turn into an array.
const FREE_FORM_KEYS = new Set(["metadata"]);

function emptyObject(): FormObject {
  // A null prototype makes `__proto__` and friends ordinary keys.
  return Object.create(null) as FormObject;
}

function decode(part: string, whole: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    throw new FormParseError(`Invalid URL encoding in: ${whole}`, whole);
  }
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match || match[1] === undefined) return [key];
  const segments = [match[1]];
  const rest = match[2] ?? "";
  for (const m of rest.matchAll(/\[([^[\]]*)\]/g)) segments.push(m[1] ?? "");
  return segments;
}

function isIndex(segment: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(segment);
}

function nextIndex(container: FormObject): string {
  let n = 0;
  while (Object.hasOwn(container, String(n))) n++;
  return String(n);
}

function insert(root: FormObject, segments: string[], value: string, key: string): void {
  if (segments.length > MAX_DEPTH) throw new FormParseError(`Parameter nested too deeply: ${key}`, key);
  let container = root;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] ?? "";
    if (segment === "") segment = nextIndex(container);
    if (isIndex(segment) && Number(segment) > MAX_INDEX) {
      throw new FormParseError(`Array index too large: ${key}`, key);
    }
    const last = i === segments.length - 1;
    const existing = container[segment];
    if (last) {
      if (existing !== undefined && typeof existing !== "string") {
        throw new FormParseError(`Invalid value for ${key}: it is also used as a hash or array.`, key);
      }
      container[segment] = value;
      return;
    }
    if (existing === undefined) {
      const child = emptyObject();
      container[segment] = child;
      container = child;
    } else if (typeof existing === "string" || Array.isArray(existing)) {
      throw new FormParseError(`Invalid hash for ${key}: it is also used as a plain value.`, key);
    } else {
      container = existing;
    }
  }
}

function finalize(value: FormValue, parentKey: string | null): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const freeForm = parentKey !== null && FREE_FORM_KEYS.has(parentKey);
  if (!freeForm && keys.length > 0 && keys.every(isIndex)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => finalize(value[String(k)] as FormValue, null));
  }
  const out = emptyObject();
  for (const k of keys) out[k] = finalize(value[k] as FormValue, k);
  return out;
}

/** Parses a form-encoded body or query string into nested objects and arrays. */
export function parseForm(input: string): FormObject {
  const root = emptyObject();
  const text = input.startsWith("?") ? input.slice(1) : input;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = decode(rawKey, rawKey);
    if (key === "") continue;
    insert(root, splitKey(key), decode(rawValue, key), key);
  }
  const out = emptyObject();
  for (const k of Object.keys(root)) out[k] = finalize(root[k] as FormValue, k);
  return out;
}

/** Stable text form of a parsed body, used to compare idempotent retries. */
export function canonicalForm(value: FormValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalForm).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(value[k] as FormValue)}`).join(",")}}`;
}
