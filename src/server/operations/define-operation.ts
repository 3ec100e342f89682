import type { z } from "zod";
import { getActor } from "@/auth/session";
import { getDb } from "@/db/client";
import type { Database } from "@/db/types";
import type { Actor } from "@/features/accounts/load-actor";
import { hasPermission, type Permission, refusalOf } from "@/features/accounts/permissions";
import { fail, type Result } from "@/lib/result";
import { parseInput } from "@/lib/validation";

/** Who may call an operation: anyone (`public`, no session is looked up), or a signed-in permission. */
export type Access = "public" | Permission;

export type OperationContext<A extends Access> = {
  db: Database;
  actor: A extends "public" ? null : Actor;
  /** The request's headers (Better Auth calls and the client address need them); empty from a page. */
  headers: Headers;
};

export type Operation<T extends object> = {
  /** From a server action or a route handler: the session in `headers` decides who is acting. */
  (headers: Headers, raw: unknown): Promise<Result<T>>;
  /** From a server-rendered page that already resolved its actor (requirePageActor). */
  forActor(actor: Actor, raw?: unknown): Promise<Result<T>>;
  /** Who may call it; a test compares every public operation with an allowlist. */
  readonly access: Access;
  readonly operationName: string;
};

/**
 * The one guarded layer between routes and features. Every server action and route handler calls an
 * operation: it resolves the actor from the session, checks the permission, parses the input once with the
 * feature's schema and hands the feature function the parsed value. An unexpected error is logged with the
 * operation's name and answered with a sentence, never a stack trace.
 */
export function defineOperation<A extends Access, S extends z.ZodType, T extends object>(spec: {
  name: string;
  access: A;
  input: S;
  run: (ctx: OperationContext<A>, input: z.output<S>) => Promise<Result<T>>;
}): Operation<T> {
  const execute = async (ctx: OperationContext<A>, raw: unknown): Promise<Result<T>> => {
    const parsed = parseInput(spec.input as z.ZodType<z.output<S>>, raw);
    if (!parsed.ok) return parsed;
    try {
      return await spec.run(ctx, parsed.data);
    } catch (error) {
      console.error(`[operation ${spec.name}] failed for ${ctx.actor?.id ?? "a visitor"}:`, error);
      return fail("unavailable", "Something went wrong on our side. Please try again in a moment.");
    }
  };

  const asActor = async (actor: Actor | null, headers: Headers, raw: unknown): Promise<Result<T>> => {
    const db = await getDb();
    if (spec.access === "public") return execute({ db, actor: null, headers } as OperationContext<A>, raw);
    if (!actor) return fail("unauthenticated", "Please sign in to continue.");
    const permission = spec.access as Permission;
    if (!hasPermission(actor, permission)) return fail("forbidden", refusalOf(permission));
    return execute({ db, actor, headers } as OperationContext<A>, raw);
  };

  const operation = async (headers: Headers, raw: unknown) =>
    asActor(spec.access === "public" ? null : await getActor(headers), headers, raw);
  return Object.assign(operation, {
    forActor: (actor: Actor, raw: unknown = {}) => asActor(actor, new Headers(), raw),
    access: spec.access,
    operationName: spec.name,
  });
}
