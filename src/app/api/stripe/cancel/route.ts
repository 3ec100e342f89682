import { postRoute } from "@/server/http";
import { cancelOperation } from "@/server/operations/billing";

export const POST = postRoute(cancelOperation);
