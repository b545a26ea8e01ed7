import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { buildCsp, newNonce } from "@/lib/security/headers";

const isAdminPath = (p: string) => p === "/admin" || p.startsWith("/admin/") || p.startsWith("/api/admin/");

/** Every page gets a CSP with a fresh nonce; admin pages and APIs also pass the first role gate here. */
export async function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const isApi = path.startsWith("/api/");
  const gate = isAdminPath(path) ? await adminGate(req, isApi) : "pass";
  if (isApi) return gate === "pass" ? NextResponse.next() : gate;
  const nonce = newNonce();
  const csp = pageCsp(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  // On the request too, so Next.js reads the nonce from it and puts it on its own scripts.
  headers.set("content-security-policy", csp);
  // Signed-in non-admins reach the admin layout, which answers 403 with forbidden().
  const res = gate === "pass" || gate === "forbidden" ? NextResponse.next({ request: { headers } }) : gate;
  res.headers.set("content-security-policy", csp);
  return res;
}

function pageCsp(nonce: string): string {
  const e = env();
  const mediaOrigins = e.S3_ENDPOINT ? [new URL(e.S3_ENDPOINT).origin] : [];
  return buildCsp(nonce, { dev: e.NODE_ENV === "development", mediaOrigins });
}

// First gate for admin pages and admin APIs; every admin handler checks the role again itself.
async function adminGate(req: NextRequest, isApi: boolean): Promise<NextResponse | "pass" | "forbidden"> {
  // API tokens are checked (hash lookup, role) by the route wrapper itself, which needs the database.
  if (isApi && /^Bearer\s/i.test(req.headers.get("authorization") ?? "")) return "pass";
  const token = await getToken({ req, secret: authSecret() });
  if (!token || typeof token.uid !== "number") {
    if (isApi) return NextResponse.json({ error: { code: "unauthorized", message: "Sign in as an admin" } }, { status: 401 });
    const url = new URL("/login", req.url);
    url.searchParams.set("next", `${req.nextUrl.pathname}${req.nextUrl.search}`);
    return NextResponse.redirect(url);
  }
  if (token.role !== "admin") {
    if (isApi) return NextResponse.json({ error: { code: "forbidden", message: "Admins only" } }, { status: 403 });
    return "forbidden";
  }
  return "pass";
}

export const config = {
  matcher: ["/api/admin/:path*", "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
