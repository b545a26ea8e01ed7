import { route } from "@/lib/api/route";
import { orderPagePath, settleStripeReturn } from "@/lib/shop/orders";
import { shopperFromRequest } from "@/lib/shop/shopper";

export const dynamic = "force-dynamic";

// Stripe's success_url. The cart is settled here, before the order page renders, so the header's count
// (read while the page renders) is already right; then on to the order page.
export const GET = route<"public", { publicId: string }>({}, async ({ req, params, identity }) => {
  const sessionId = new URL(req.url).searchParams.get("session_id");
  const order = await settleStripeReturn(shopperFromRequest(req, identity), params.publicId, sessionId);
  const to = orderPagePath(params.publicId, order?.status === "pending" ? sessionId : null);
  // A relative Location keeps the browser on the host it used (behind a proxy, req.url may differ).
  return new Response(null, { status: 303, headers: { location: to, "cache-control": "no-store" } });
});
