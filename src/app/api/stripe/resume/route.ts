import { postRoute } from "@/auth/guards";
import { resumeOperation } from "@/features/billing/actions";

export const POST = postRoute(resumeOperation);
