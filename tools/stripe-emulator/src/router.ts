// Minimal method + path matching; `:name` segments become path parameters.
import type { Params } from "./params.js";
import type { Runtime } from "./runtime.js";

export interface ApiRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Params;
  rt: Runtime;
}

export interface ApiResponse {
  status?: number;
  body: object;
}

export type ApiHandler = (req: ApiRequest) => ApiResponse;

export type RouteDef = readonly [method: string, pattern: string, handler: ApiHandler];

interface CompiledRoute {
  method: string;
  regex: RegExp;
  names: string[];
  handler: ApiHandler;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(defs: readonly RouteDef[]): void {
    for (const [method, pattern, handler] of defs) {
      const names: string[] = [];
      const source = pattern
        .split("/")
        .map((part) => {
          if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(part.slice(1));
          return "([^/]+)";
        })
        .join("/");
      this.routes.push({ method, regex: new RegExp(`^${source}$`), names, handler });
    }
  }

  /**
   * Finds the handler for a request. `pathExists` distinguishes an unknown URL
   * from a known URL used with the wrong method.
   */
  match(
    method: string,
    path: string,
  ): { handler: ApiHandler; pathParams: Record<string, string> } | { handler: null; pathExists: boolean } {
    let pathExists = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathExists = true;
      if (route.method !== method) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        pathParams[name] = safeDecode(m[i + 1] ?? "");
      });
      return { handler: route.handler, pathParams };
    }
    return { handler: null, pathExists };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
