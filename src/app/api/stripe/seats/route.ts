import { postRoute } from "@/server/http";
import { teamSeatsOperation } from "@/server/operations/team-billing";

export const POST = postRoute(teamSeatsOperation);
