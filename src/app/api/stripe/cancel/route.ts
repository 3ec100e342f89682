import { postRoute } from "@/auth/guards";
import { cancelOperation } from "@/features/billing/actions";

export const POST = postRoute(cancelOperation);
