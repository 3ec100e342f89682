import type { Notice } from "./use-result-action";

/** One action's answer, announced: an alert for a refusal, a status for a confirmation. */
export function NoticeLine({ notice, className }: { notice: Notice; className?: string }) {
  if (!notice) return null;
  return (
    <p
      role={notice.tone === "error" ? "alert" : "status"}
      className={`${notice.tone === "error" ? "text-red-700" : "text-emerald-700"} text-sm ${className ?? ""}`}
    >
      {notice.text}
    </p>
  );
}
