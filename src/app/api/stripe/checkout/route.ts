import { postRoute } from "@/server/http";
import { checkoutOperation } from "@/server/operations/billing";

export const POST = postRoute(checkoutOperation);
