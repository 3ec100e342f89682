// Billing portal sessions. The hosted page itself lives in hosted.ts.
import { invalidRequest, missingReference } from "./errors.js";
import type { ApiRequest, ApiResponse, RouteDef } from "./router.js";
import { newId } from "./store.js";
import type { PortalSession } from "./types.js";

function create({ rt, params }: ApiRequest): ApiResponse {
  params.allowOnly(["customer", "return_url", "configuration", "locale", "flow_data"]);
  if (params.has("flow_data")) {
    throw invalidRequest("The Stripe emulator does not support portal flows (flow_data).", "flow_data");
  }
  const customerId = params.requiredString("customer");
  if (!rt.store.state.customers[customerId]) throw missingReference("customer", customerId, "customer");
  const returnUrl = params.nullableString("return_url") ?? null;
  if (returnUrl !== null) {
    try {
      new URL(returnUrl);
    } catch {
      throw invalidRequest("Not a valid URL", "return_url", "url_invalid");
    }
  }
  const id = newId("bps", 24);
  const session: PortalSession = {
    id,
    object: "billing_portal.session",
    configuration: params.string("configuration") ?? "bpc_emulator_default",
    created: rt.now(),
    customer: customerId,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${rt.baseUrl}/portal/${id}`,
  };
  rt.store.state.portalSessions[id] = session;
  rt.store.track(id);
  return { body: session };
}

export const portalRoutes: RouteDef[] = [["POST", "/v1/billing_portal/sessions", create]];
