// The guarded operations behind the lead console's server actions and routes. Each checks the session and
// permission (guarded), the feature function checks the permission again, and RLS a third time.
import { guarded } from "@/auth/guards";
import { type AddLeadNoteInput, addLeadNote, addLeadNoteSchema } from "./add-lead-note";
import { type ChangeLeadStatusInput, changeLeadStatus, changeLeadStatusSchema } from "./change-lead-status";
import { type ClaimLeadInput, claimLead, claimLeadSchema } from "./claim-lead";
import { getLead, getLeadSchema } from "./get-lead";
import { type ReassignLeadInput, reassignLead, reassignLeadSchema } from "./reassign-lead";
import { type ReleaseLeadInput, releaseLead, releaseLeadSchema } from "./release-lead";

export const claimLeadOperation = guarded("sales", claimLeadSchema, ({ db, actor }, input: ClaimLeadInput) =>
  claimLead(db, actor, input),
);

export const changeLeadStatusOperation = guarded(
  "sales",
  changeLeadStatusSchema,
  ({ db, actor }, input: ChangeLeadStatusInput) => changeLeadStatus(db, actor, input),
);

export const releaseLeadOperation = guarded(
  "sales",
  releaseLeadSchema,
  ({ db, actor }, input: ReleaseLeadInput) => releaseLead(db, actor, input),
);

export const reassignLeadOperation = guarded(
  "admin",
  reassignLeadSchema,
  ({ db, actor }, input: ReassignLeadInput) => reassignLead(db, actor, input),
);

export const addLeadNoteOperation = guarded(
  "sales",
  addLeadNoteSchema,
  ({ db, actor }, input: AddLeadNoteInput) => addLeadNote(db, actor, input),
);

export const getLeadOperation = guarded("sales", getLeadSchema, ({ db, actor }, input) =>
  getLead(db, actor, input),
);
