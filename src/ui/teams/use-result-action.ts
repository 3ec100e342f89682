"use client";

import { useState, useTransition } from "react";
import type { Result } from "@/lib/result";

export type Notice = { tone: "error" | "success"; text: string } | null;

/**
 * Runs one server action and keeps its answer: the server's sentence on a refusal, or the given success
 * sentence once the server confirmed it. Nothing changes on screen before the answer: what the page shows
 * afterwards is the state the action re-read (it revalidates the page).
 */
export function useResultAction() {
  const [pending, startTransition] = useTransition();
  const [notice, setNotice] = useState<Notice>(null);
  const run = <T extends object>(
    work: () => Promise<Result<T> | undefined>,
    success?: (result: { ok: true } & T) => string,
    after?: () => void,
  ) =>
    startTransition(async () => {
      setNotice(null);
      const result = await work();
      // An action that redirects (it deleted the team, or joined it) answers nothing: the page is leaving.
      if (!result) return;
      if (!result.ok) {
        setNotice({ tone: "error", text: result.message });
        return;
      }
      setNotice(success ? { tone: "success", text: success(result) } : null);
      after?.();
    });
  return { pending, notice, run, clear: () => setNotice(null) };
}
