// The admin's read-only logs: the audit log and the mail outbox.
import { listAuditEntries, listAuditSchema } from "@/features/audit/list-audit-entries";
import { listOutbox, listOutboxSchema } from "@/features/notifications/list-outbox";
import { defineOperation } from "./define-operation";

export const listAuditOperation = defineOperation({
  name: "list audit entries",
  access: "admin",
  input: listAuditSchema,
  run: ({ db, actor }, input) => listAuditEntries(db, actor, input),
});

export const listOutboxOperation = defineOperation({
  name: "list outbox",
  access: "admin",
  input: listOutboxSchema,
  run: ({ db, actor }, input) => listOutbox(db, actor, input),
});
