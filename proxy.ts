import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/secret";

// First gate for admin pages and admin APIs; every admin handler checks the role again itself.
export async function proxy(req: NextRequest) {
  const isApi = req.nextUrl.pathname.startsWith("/api/");
  // API tokens are checked (hash lookup, role) by the route wrapper itself, which needs the database.
  if (isApi && /^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return NextResponse.next();
  const token = await getToken({ req, secret: authSecret() });
  if (!token || typeof token.uid !== "number") {
    if (isApi) return NextResponse.json({ error: { code: "unauthorized", message: "Sign in as an admin" } }, { status: 401 });
    const url = new URL("/login", req.url);
    url.searchParams.set("next", req.nextUrl.pathname);
    return NextResponse.redirect(url);
  }
  if (token.role !== "admin") {
    if (isApi) return NextResponse.json({ error: { code: "forbidden", message: "Admins only" } }, { status: 403 });
    return NextResponse.rewrite(new URL("/forbidden", req.url), { status: 403 });
  }
  return NextResponse.next();
}

export const config = { matcher: ["/admin", "/admin/:path*", "/api/admin/:path*"] };
