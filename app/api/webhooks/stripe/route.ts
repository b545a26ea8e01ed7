import { readBytesLimited } from "@/lib/api/body";
import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { verifyWebhook } from "@/lib/shop/stripe";
import { handleStripeEventAndNotify, RefundNotPlaceable } from "@/lib/shop/webhook";

export const dynamic = "force-dynamic";

const LIMIT = 512 * 1024;

// Stripe → us. The signature is checked on the raw bytes before anything is parsed or stored; a bad or
// missing signature is a 400 and changes nothing. Not behind the session wrapper: Stripe has no session.
export async function POST(req: Request): Promise<Response> {
  try {
    const secret = env().STRIPE_WEBHOOK_SECRET;
    if (!secret) throw new ApiError("not_found", "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET)");
    const signature = req.headers.get("stripe-signature");
    if (!signature) throw new ApiError("bad_request", "Missing Stripe-Signature header");
    const raw = await readBytesLimited(req, LIMIT);
    let event;
    try {
      event = verifyWebhook(raw, signature, secret);
    } catch {
      throw new ApiError("bad_request", "Stripe signature verification failed");
    }
    const result = await handleStripeEventAndNotify(event, new URL(req.url).origin);
    return Response.json({ received: true, id: event.id, ...result });
  } catch (e) {
    if (e instanceof RefundNotPlaceable) return toErrorResponse(new ApiError("internal", e.message, undefined, { "retry-after": "60" }));
    return toErrorResponse(e);
  }
}
