import { postRoute } from "@/auth/guards";
import { portalOperation } from "@/features/billing/actions";

export const POST = postRoute(portalOperation);
