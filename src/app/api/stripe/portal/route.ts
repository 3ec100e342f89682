import { postRoute } from "@/server/http";
import { portalOperation } from "@/server/operations/billing";

export const POST = postRoute(portalOperation);
