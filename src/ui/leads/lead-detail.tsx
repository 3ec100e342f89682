"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useOptimistic, useState, useTransition } from "react";
import type { LeadNote } from "@/features/leads/add-lead-note";
import type { LeadDetail, LeadEvent, RequestFields } from "@/features/leads/get-lead";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import { DECISION_TIMELINE_LABELS, PREFERRED_CONTACT_LABELS, STATUS_LABELS } from "@/features/leads/options";
import { useFormat } from "../format";
import type { TableRow } from "./rows";
import type { LeadActions, TableActor } from "./types";

const FIELD_LABELS: [keyof RequestFields, string][] = [
  ["name", "Full name"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["preferredContact", "Preferred contact"],
  ["jobTitle", "Job title"],
  ["company", "Company"],
  ["companySize", "Company size"],
  ["interests", "Interests"],
  ["timeline", "Decision timeline"],
  ["problems", "Problems to solve"],
  ["utmSource", "UTM source"],
  ["utmMedium", "UTM medium"],
  ["utmCampaign", "UTM campaign"],
  ["utmTerm", "UTM term"],
  ["utmContent", "UTM content"],
  ["referrer", "Referrer"],
];

function fieldValue(fields: RequestFields, key: keyof RequestFields): string {
  const value = fields[key];
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (!value) return "—";
  if (key === "preferredContact") return PREFERRED_CONTACT_LABELS[value as "email"] ?? value;
  if (key === "timeline") return DECISION_TIMELINE_LABELS[value as "immediately"] ?? value;
  return value;
}

/** The contact and request fields in which a submission says something else than the lead. */
const CONTACT_FIELDS = FIELD_LABELS.filter(([key]) => !key.startsWith("utm") && key !== "referrer");
function differences(lead: RequestFields, submission: RequestFields): string[] {
  return CONTACT_FIELDS.filter(([key]) => fieldValue(lead, key) !== fieldValue(submission, key)).map(
    ([, label]) => label,
  );
}

/** A request's fields; with `lead`, the ones that differ from the lead's are marked. */
function Fields({ fields, lead }: { fields: RequestFields; lead?: RequestFields }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
      {FIELD_LABELS.map(([key, label]) => {
        const value = fieldValue(fields, key);
        const differs =
          lead !== undefined && value !== fieldValue(lead, key) && CONTACT_FIELDS.some(([k]) => k === key);
        return (
          <div key={key} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="whitespace-pre-wrap break-words">
              {differs ? (
                <mark className="rounded bg-amber-100 px-0.5 text-amber-950">
                  {value}
                  <span className="sr-only"> (differs from the lead)</span>
                </mark>
              ) : (
                value
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function describeEvent(e: LeadEvent): string {
  const who = e.actorId ? (e.actorName ?? "A former team member") : "System";
  switch (e.type) {
    case "submitted":
      return "Demo request submitted";
    case "resubmitted":
      return "Demo request submitted again";
    case "claimed":
      return `${who} claimed the lead`;
    case "released":
      return `${who} released the lead${e.fromUserName && e.fromUserName !== e.actorName ? ` (was ${e.fromUserName})` : ""}`;
    case "reassigned":
      return `${who} reassigned it from ${e.fromUserName ?? "Open"} to ${e.toUserName ?? "someone"}`;
    case "status_changed": {
      const from = e.fromStatus ? STATUS_LABELS[e.fromStatus] : "—";
      const to = e.toStatus ? STATUS_LABELS[e.toStatus] : "—";
      const reason = e.details.lossReason
        ? ` — ${e.details.lossReason}${e.details.lossNote ? `: ${e.details.lossNote}` : ""}`
        : "";
      return `${who} changed the status from ${from} to ${to}${reason}`;
    }
    case "note_added":
      return `${who} added a note`;
    case "signed_up":
      return `Signed up for an account${e.toStatus && e.toStatus !== e.fromStatus ? ` (now ${STATUS_LABELS[e.toStatus]})` : ""}`;
    case "started_paying":
      return "Started paying (closed won)";
    default:
      return e.type;
  }
}

/** Everything about one lead: the request, every submission, notes (newest first) and the timeline. */
export function LeadDetailPanel({
  row,
  actor,
  assignees,
  actions,
  mayChange,
}: {
  row: Pick<TableRow, "id" | "version" | "ownerId">;
  actor: TableActor;
  assignees: Assignee[];
  actions: LeadActions;
  mayChange: boolean;
}) {
  const router = useRouter();
  const fmt = useFormat();
  const [detail, setDetail] = useState<LeadDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [noteText, setNoteText] = useState("");
  const [assignTo, setAssignTo] = useState("");
  const [pending, startTransition] = useTransition();
  const [notes, addOptimisticNote] = useOptimistic(
    detail?.notes ?? [],
    (list: LeadNote[], note: LeadNote) => [note, ...list],
  );

  const load = useCallback(async () => {
    const result = await actions.getLead({ leadId: row.id });
    if (result.ok) setDetail(result.lead);
    else setLoadError(result.message);
  }, [actions, row.id]);

  // Reload when the lead changes (its version moves), so the timeline always shows the latest.
  // biome-ignore lint/correctness/useExhaustiveDependencies: row.version is the trigger, not an input.
  useEffect(() => {
    void load();
  }, [load, row.version]);

  const addNote = (e: React.FormEvent) => {
    e.preventDefault();
    const body = noteText.trim();
    if (!body) {
      setError("Write a note first.");
      return;
    }
    setError(null);
    setNoteText("");
    startTransition(async () => {
      addOptimisticNote({
        id: `pending-${Date.now()}`,
        body,
        authorId: actor.id,
        authorName: actor.name,
        createdAt: new Date(),
      });
      const result = await actions.addNote({ leadId: row.id, version: row.version, body });
      startTransition(() => {
        if (result.ok) {
          setDetail((d) => (d ? { ...d, notes: [result.note, ...d.notes] } : d));
        } else {
          setNoteText(body);
          setError(result.message);
        }
      });
      if (!result.ok) router.refresh();
    });
  };

  const act = (call: () => Promise<{ ok: boolean; message?: string }>) => {
    setError(null);
    startTransition(async () => {
      const result = await call();
      if (!result.ok) {
        startTransition(() => setError(result.message ?? "That did not work."));
        router.refresh();
      }
    });
  };

  if (loadError)
    return (
      <p role="alert" className="text-sm text-red-700">
        {loadError}
      </p>
    );
  if (!detail) return <p className="text-sm text-slate-500">Loading…</p>;

  const isOwner = row.ownerId === actor.id;
  const laterDiffers = detail.submissions.some((s) => differences(detail, s).length > 0);
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="lead-detail">
      <section aria-label="Request">
        <h3 className="mb-2 text-sm font-semibold">Request</h3>
        <Fields fields={detail} />
        {detail.lossReason ? <p className="mt-2 text-sm">Loss reason: {detail.lossReason}</p> : null}
        {detail.userId ? <p className="mt-2 text-sm text-teal-800">Has an account (signed up).</p> : null}
        <div className="mt-4 flex flex-wrap items-end gap-2">
          {row.ownerId && (isOwner || actor.isAdmin) ? (
            <button
              type="button"
              disabled={pending}
              onClick={() => act(() => actions.release({ leadId: row.id, version: row.version }))}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              Release to Open
            </button>
          ) : null}
          {actor.isAdmin ? (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (assignTo)
                  act(() => actions.reassign({ leadId: row.id, version: row.version, toUserId: assignTo }));
              }}
            >
              <div>
                <label htmlFor={`assign-${row.id}`} className="block text-xs font-medium text-slate-600">
                  Reassign to
                </label>
                <select
                  id={`assign-${row.id}`}
                  value={assignTo}
                  onChange={(e) => setAssignTo(e.target.value)}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                >
                  <option value="">Choose a person…</option>
                  {assignees.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="submit"
                disabled={pending || !assignTo}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60"
              >
                Reassign
              </button>
            </form>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        {detail.submissions.length > 1 ? (
          // A repeat request never rewrites the lead (anyone can type a prospect's email): where one says
          // something else, the rep sees it here and decides.
          <details className="mt-4" open={laterDiffers || undefined} data-testid="lead-submissions">
            <summary className="cursor-pointer text-sm font-semibold">
              All {detail.submissions.length} submissions
              {laterDiffers ? " — a later request differs from the lead" : ""}
            </summary>
            <ol className="mt-2 space-y-3">
              {detail.submissions.map((s) => {
                const differ = differences(detail, s);
                return (
                  <li key={s.id} className="rounded-md border border-slate-200 bg-white p-3">
                    <p className="mb-2 text-xs text-slate-500">{fmt.dateTime(s.createdAt)}</p>
                    {differ.length ? (
                      <p className="mb-2 text-sm text-amber-900">
                        Differs from the lead: {differ.join(", ")}.
                      </p>
                    ) : null}
                    <Fields fields={s} lead={detail} />
                  </li>
                );
              })}
            </ol>
          </details>
        ) : null}
      </section>
      <div className="space-y-6">
        <section aria-label="Notes">
          <h3 className="mb-2 text-sm font-semibold">Notes</h3>
          {mayChange ? (
            <form onSubmit={addNote} className="mb-3 space-y-2">
              <label htmlFor={`note-${row.id}`} className="block text-sm text-slate-700">
                Add a note
              </label>
              <textarea
                id={`note-${row.id}`}
                rows={2}
                value={noteText}
                maxLength={5000}
                onChange={(e) => setNoteText(e.target.value)}
                className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              />
              <button
                type="submit"
                className="rounded-md bg-[var(--shell-accent,#3b6cf6)] px-3 py-1.5 text-sm font-medium text-white"
              >
                Add note
              </button>
            </form>
          ) : null}
          {notes.length === 0 ? <p className="text-sm text-slate-500">No notes yet.</p> : null}
          <ul className="space-y-2" data-testid="lead-notes">
            {notes.map((note) => (
              <li key={note.id} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
                <p className="whitespace-pre-wrap break-words">{note.body}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {note.authorName} · {fmt.dateTime(note.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Timeline">
          <h3 className="mb-2 text-sm font-semibold">Timeline</h3>
          <ol className="space-y-2 text-sm" data-testid="lead-timeline">
            {detail.events.map((e) => (
              <li key={e.id}>
                <p className="break-words">{describeEvent(e)}</p>
                <p className="text-xs text-slate-500">{fmt.dateTime(e.createdAt)}</p>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}
