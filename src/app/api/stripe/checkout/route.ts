import { postRoute } from "@/auth/guards";
import { checkoutOperation } from "@/features/billing/actions";

export const POST = postRoute(checkoutOperation);
