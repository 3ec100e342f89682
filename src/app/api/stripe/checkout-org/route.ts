import { postRoute } from "@/server/http";
import { teamCheckoutOperation } from "@/server/operations/team-billing";

export const POST = postRoute(teamCheckoutOperation);
