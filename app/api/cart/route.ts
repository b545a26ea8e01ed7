import { route } from "@/lib/api/route";
import { cartResponse } from "@/lib/shop/cart-response";

export const dynamic = "force-dynamic";

// The current shopper's cart (anonymous cookie cart or the signed-in user's cart).
export const GET = route({}, async ({ req, identity }) => cartResponse(req, identity));
