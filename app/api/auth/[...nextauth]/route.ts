import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { badCallbackCookieResponse, sanitizeAuthRequest } from "@/lib/security/auth-request";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth v4 reads params synchronously; Next 16 passes them as a promise.
async function handler(req: Request, ctx: Ctx) {
  const params = await ctx.params;
  const refused = badCallbackCookieResponse(req);
  if (refused) return refused;
  return NextAuth(sanitizeAuthRequest(req) as never, { params } as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
