// The lead pipeline's guarded operations (SPEC §2–3): both lead consoles, the CSV export and the demo form.
import { z } from "zod";
import { isAdmin } from "@/features/accounts/load-actor";
import { addLeadNote, addLeadNoteSchema } from "@/features/leads/add-lead-note";
import { changeLeadStatus, changeLeadStatusSchema } from "@/features/leads/change-lead-status";
import { claimLead, claimLeadSchema } from "@/features/leads/claim-lead";
import { demoAnswer } from "@/features/leads/demo-answer";
import { exportLeadsCsv } from "@/features/leads/export-leads-csv";
import { getLead, getLeadSchema } from "@/features/leads/get-lead";
import { leadFilterSchema } from "@/features/leads/lead-view";
import { type Assignee, listLeadAssignees } from "@/features/leads/list-lead-assignees";
import { listLeads, listLeadsSchema } from "@/features/leads/list-leads";
import { reassignLead, reassignLeadSchema } from "@/features/leads/reassign-lead";
import { releaseLead, releaseLeadSchema } from "@/features/leads/release-lead";
import { submitDemoRequest } from "@/features/leads/submit-demo-request";
import { clientIp } from "@/lib/client-ip";
import { fail } from "@/lib/result";
import { defineOperation } from "./define-operation";

export const claimLeadOperation = defineOperation({
  name: "claim lead",
  access: "sales",
  input: claimLeadSchema,
  run: ({ db, actor }, input) => claimLead(db, actor, input),
});

export const changeLeadStatusOperation = defineOperation({
  name: "change lead status",
  access: "sales",
  input: changeLeadStatusSchema,
  run: ({ db, actor }, input) => changeLeadStatus(db, actor, input),
});

export const releaseLeadOperation = defineOperation({
  name: "release lead",
  access: "sales",
  input: releaseLeadSchema,
  run: ({ db, actor }, input) => releaseLead(db, actor, input),
});

export const reassignLeadOperation = defineOperation({
  name: "reassign lead",
  access: "admin",
  input: reassignLeadSchema,
  run: ({ db, actor }, input) => reassignLead(db, actor, input),
});

export const addLeadNoteOperation = defineOperation({
  name: "add lead note",
  access: "sales",
  input: addLeadNoteSchema,
  run: ({ db, actor }, input) => addLeadNote(db, actor, input),
});

export const getLeadOperation = defineOperation({
  name: "get lead",
  access: "sales",
  input: getLeadSchema,
  run: ({ db, actor }, input) => getLead(db, actor, input),
});

/** One page of a lead console: the view in the URL, and for admins the people a lead may go to. */
export const leadsConsoleOperation = defineOperation({
  name: "leads console",
  access: "sales",
  input: listLeadsSchema,
  run: async ({ db, actor }, query) => {
    const listed = await listLeads(db, actor, query);
    if (!listed.ok) return listed;
    const { ok: _, ...list } = listed;
    let assignees: Assignee[] = [];
    if (isAdmin(actor)) {
      const found = await listLeadAssignees(db, actor);
      if (!found.ok) return found;
      assignees = found.assignees;
    }
    return { ok: true, list, assignees };
  },
});

export const exportLeadsOperation = defineOperation({
  name: "export leads",
  access: "sales",
  input: leadFilterSchema,
  run: ({ db, actor }, filter) => exportLeadsCsv(db, actor, filter),
});

/**
 * A visitor's demo request. The fields are screened and validated by submitDemoRequest itself, because a
 * spam check (the honeypot) comes before validation: a bot gets the neutral answer, not field errors.
 */
export const submitDemoOperation = defineOperation({
  name: "submit demo request",
  access: "public",
  input: z.record(z.string(), z.unknown(), "Send the demo request as JSON or as a form."),
  run: async ({ db, headers }, body) => {
    try {
      const result = await submitDemoRequest(
        db,
        { ip: clientIp(headers), userAgent: headers.get("user-agent") },
        body,
      );
      return demoAnswer(result);
    } catch (error) {
      console.error("[demo] storing a demo request failed:", error);
      return fail("unavailable", "We could not take your request just now. Please try again in a moment.");
    }
  },
});
