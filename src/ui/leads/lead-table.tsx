"use client";

import { useRouter } from "next/navigation";
import {
  Fragment,
  type ReactNode,
  useEffect,
  useMemo,
  useOptimistic,
  useState,
  useSyncExternalStore,
  useTransition,
} from "react";
import type { Assignee } from "@/features/leads/list-lead-assignees";
import { LEAD_STATUSES, type LeadStatus, LOSS_REASONS, STATUS_LABELS } from "@/features/leads/options";
import type { Result } from "@/lib/result";
import { useFormat } from "../format";
import { addressPieces } from "./format";
import { LeadDetailPanel } from "./lead-detail";
import { type PackedRow, type TableRow, unpackRows } from "./rows";
import type { LeadActions, TableActor } from "./types";

type Patch = { id: string; changes: Partial<TableRow> };

const subscribeNever = () => () => {};
/** False while the server renders and the browser hydrates, true from then on. */
const useHydrated = () =>
  useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );

/** An email address with a break opportunity (<wbr>) wherever `addressPieces` cuts it. */
function BreakableAddress({ text }: { text: string }) {
  const nodes: ReactNode[] = [];
  let at = 0; // where the piece starts in the address: the <wbr> before it is keyed by that
  for (const piece of addressPieces(text)) {
    if (at) nodes.push(<wbr key={at} />);
    nodes.push(piece);
    at += piece.length;
  }
  return nodes;
}

/**
 * Rows update at once (optimistically) when the status changes or the lead is claimed, and fall back to
 * what the server holds, with its message beside the row, when the server refuses.
 *
 * The rows are most of the page's weight, so their markup is lean: cell styling comes from `.lead-table`
 * in globals.css rather than class lists on every element, and the status control of each row is sent
 * with its current status only; the other statuses are added once the page is live (until then the
 * control could not act anyway).
 */
export function LeadTable({
  rows: packed,
  view,
  actor,
  assignees,
  actions,
}: {
  rows: PackedRow[];
  /** The owner view shown (open, mine, all or an owner's id): a claim moves a lead out of Open. */
  view: string;
  actor: TableActor;
  assignees: Assignee[];
  actions: LeadActions;
}) {
  const router = useRouter();
  const fmt = useFormat();
  const hydrated = useHydrated();
  const rows = useMemo(() => unpackRows(packed), [packed]);
  const [optimisticRows, applyPatch] = useOptimistic(rows, (state: TableRow[], patch: Patch) =>
    state.map((row) => (row.id === patch.id ? { ...row, ...patch.changes } : row)),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<string | null>(null);
  const [lossFor, setLossFor] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [, startTransition] = useTransition();

  // A lead that leaves the view when claimed does not vanish without a word.
  useEffect(() => {
    if (!announcement) return;
    const timer = setTimeout(() => setAnnouncement(""), 6000);
    return () => clearTimeout(timer);
  }, [announcement]);

  const setError = (id: string, message: string | null) =>
    setErrors((e) => {
      const next = { ...e };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });

  /** Runs a change optimistically; a refusal restores the row and says why. */
  const run = (row: TableRow, changes: Partial<TableRow>, call: () => Promise<Result>) => {
    setError(row.id, null);
    startTransition(async () => {
      applyPatch({ id: row.id, changes });
      const result = await call();
      if (!result.ok) {
        startTransition(() => setError(row.id, result.message));
        router.refresh();
      } else if (view === "open" && changes.ownerId === actor.id) {
        startTransition(() => setAnnouncement(`Claimed ${row.name} — now under Mine.`));
      }
    });
  };

  const mayChange = (row: TableRow) => actor.isAdmin || !row.ownerId || row.ownerId === actor.id;
  const claimedBy = (row: TableRow) => (row.ownerId ? {} : { ownerId: actor.id, ownerName: actor.name });

  const changeStatus = (
    row: TableRow,
    status: LeadStatus,
    loss?: { lossReason: string; lossNote: string },
  ) => {
    if (status === row.status) return;
    if (status === "closed_lost" && !loss) {
      setLossFor(row.id);
      return;
    }
    setLossFor(null);
    run(row, { status, ...claimedBy(row) }, () =>
      actions.changeStatus({ leadId: row.id, version: row.version, status, ...loss }),
    );
  };

  // A refused change whose lead has since left this view (say, someone else claimed it) keeps its message.
  const orphaned = Object.entries(errors).filter(([id]) => !optimisticRows.some((r) => r.id === id));
  const orphanedMessages = orphaned.length ? (
    <div className="mb-3 space-y-2">
      {orphaned.map(([id, message]) => (
        <p
          key={id}
          role="alert"
          className="flex items-start justify-between gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          <span>{message}</span>
          <button type="button" className="text-xs underline" onClick={() => setError(id, null)}>
            Dismiss
          </button>
        </p>
      ))}
    </div>
  ) : null;

  // Always in the page, so screen readers hear what is put into it.
  const toast = (
    <p
      role="status"
      aria-live="polite"
      data-testid="lead-toast"
      className={
        announcement
          ? "fixed right-4 bottom-4 z-30 max-w-sm rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
          : "sr-only"
      }
    >
      {announcement}
    </p>
  );

  if (optimisticRows.length === 0) {
    return (
      <>
        {toast}
        {orphanedMessages}
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
          No leads in this view.
        </p>
      </>
    );
  }

  return (
    <>
      {toast}
      {orphanedMessages}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="lead-table" data-testid="lead-table">
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Company</th>
              <th scope="col">Status</th>
              <th scope="col">Owner</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {optimisticRows.map((row) => {
              const open = expanded === row.id;
              const locked = !mayChange(row);
              const detailId = `lead-detail-${row.id}`;
              return (
                <Fragment key={row.id}>
                  <tr data-lead-email={row.email ?? ""}>
                    <td>
                      <button
                        type="button"
                        aria-expanded={open}
                        // Only while the detail exists: a collapsed row has nothing to point at.
                        aria-controls={open ? detailId : undefined}
                        onClick={() => setExpanded(open ? null : row.id)}
                      >
                        {row.name}
                      </button>
                      <div>{row.email ? <BreakableAddress text={row.email} /> : row.phone}</div>
                      {row.submissionCount > 1 ? <div>{row.submissionCount} requests</div> : null}
                    </td>
                    <td>{row.company ?? "—"}</td>
                    <td>
                      <select
                        aria-label={`Status of ${row.name}`}
                        data-status={row.status}
                        value={row.status}
                        disabled={locked}
                        title={locked ? `Owned by ${row.ownerName}` : undefined}
                        onChange={(e) => changeStatus(row, e.target.value as LeadStatus)}
                      >
                        {(locked || !hydrated ? [row.status] : LEAD_STATUSES).map((s) => (
                          <option key={s} value={s}>
                            {STATUS_LABELS[s]}
                          </option>
                        ))}
                      </select>
                    </td>
                    {row.ownerId ? (
                      <td data-testid="lead-owner">
                        {row.ownerId === actor.id ? `${row.ownerName} (you)` : row.ownerName}
                      </td>
                    ) : (
                      <td>
                        <span data-testid="lead-owner">Open</span>
                        <button
                          type="button"
                          aria-label={`Claim ${row.name}`}
                          onClick={() =>
                            run(row, claimedBy(row), () =>
                              actions.claim({ leadId: row.id, version: row.version }),
                            )
                          }
                        >
                          Claim
                        </button>
                      </td>
                    )}
                    <td>{fmt.dateTime(new Date(row.createdAt))}</td>
                  </tr>
                  {errors[row.id] ? (
                    <tr>
                      <td colSpan={5} className="pt-0">
                        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                          {errors[row.id]}
                        </p>
                      </td>
                    </tr>
                  ) : null}
                  {lossFor === row.id ? (
                    <tr>
                      <td colSpan={5} className="pt-0 pb-3">
                        <LossReasonForm
                          lead={row}
                          onCancel={() => setLossFor(null)}
                          onConfirm={(loss) => changeStatus(row, "closed_lost", loss)}
                        />
                      </td>
                    </tr>
                  ) : null}
                  {open ? (
                    <tr id={detailId}>
                      <td colSpan={5} className="bg-slate-50 py-4">
                        <LeadDetailPanel
                          row={row}
                          actor={actor}
                          assignees={assignees}
                          actions={actions}
                          mayChange={!locked}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function LossReasonForm({
  lead,
  onCancel,
  onConfirm,
}: {
  lead: Pick<TableRow, "id" | "name">;
  onCancel: () => void;
  onConfirm: (loss: { lossReason: string; lossNote: string }) => void;
}) {
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label={`Why was ${lead.name} lost?`}
      className="grid gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-[auto_1fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason) {
          setError("Choose why this lead was lost.");
          return;
        }
        onConfirm({ lossReason: reason, lossNote: note });
      }}
    >
      <div>
        <label htmlFor={`loss-reason-${lead.id}`} className="block text-sm font-medium text-slate-700">
          Loss reason
        </label>
        <select
          id={`loss-reason-${lead.id}`}
          value={reason}
          // biome-ignore lint/a11y/noAutofocus: the form opens because the person just chose "Closed lost".
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `loss-reason-${lead.id}-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="">Choose…</option>
          {LOSS_REASONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {error ? (
          <p id={`loss-reason-${lead.id}-error`} role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={`loss-note-${lead.id}`} className="block text-sm font-medium text-slate-700">
          Details (optional)
        </label>
        <input
          id={`loss-note-${lead.id}`}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded-md bg-[var(--shell-accent,#3b6cf6)] px-3 py-1.5 text-sm font-medium text-white"
        >
          Mark lost
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
