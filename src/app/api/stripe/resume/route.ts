import { postRoute } from "@/server/http";
import { resumeOperation } from "@/server/operations/billing";

export const POST = postRoute(resumeOperation);
