// The sales dashboard (SPEC §3): sales reps and admins, over a date range from the URL.
import { appTimeZone } from "@/config/env";
import { loadDashboard, loadDashboardSchema } from "@/features/dashboard/load-dashboard";
import { defineOperation } from "./define-operation";

export const loadDashboardOperation = defineOperation({
  name: "load dashboard",
  access: "sales",
  input: loadDashboardSchema,
  run: ({ db, actor }, input) => loadDashboard(db, actor, input, { timeZone: appTimeZone() }),
});
