import type { LeadNote } from "@/features/leads/add-lead-note";
import type { LeadDetail } from "@/features/leads/get-lead";
import type { LeadState } from "@/features/leads/lead-update";
import type { Result } from "@/lib/result";

type Ref = { leadId: string; version: number };
type Changed = Promise<Result<{ lead: LeadState }>>;

/** The server actions a lead table calls; the page passes them in (both consoles use the same ones). */
export type LeadActions = {
  claim: (input: Ref) => Changed;
  changeStatus: (input: Ref & { status: string; lossReason?: string; lossNote?: string }) => Changed;
  release: (input: Ref) => Changed;
  reassign: (input: Ref & { toUserId: string }) => Changed;
  addNote: (input: Ref & { body: string }) => Promise<Result<{ lead: LeadState; note: LeadNote }>>;
  getLead: (input: { leadId: string }) => Promise<Result<{ lead: LeadDetail }>>;
};

/** Who is looking at the table: enough to say "(you)" and to show admin controls. */
export type TableActor = { id: string; name: string; isAdmin: boolean };
