import { insertApiToken, createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { newApiToken } from "@/lib/auth/tokens";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler the way Next.js does, with path params. */
export async function call(
  handler: Handler,
  url: string,
  init: RequestInit & { json?: unknown; token?: string; params?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; res: Response }> {
  const { json, token, params, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set("content-type", "application/json");
  if (token) headers.set("authorization", `Bearer ${token}`);
  const req = new Request(new URL(url, "http://localhost"), {
    ...rest,
    headers,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    ...(rest.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const res = await handler(req, { params: Promise.resolve(params ?? {}) });
  const text = await res.clone().text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, res };
}

let n = 0;
/** A user with an API token, for calling protected handlers in tests. */
export async function userWithToken(role: "admin" | "shopper" = "admin") {
  n += 1;
  const email = `${role}-${n}-${Date.now()}@test.local`;
  const user = await createUser({
    email,
    name: role,
    passwordHash: await hashPassword("password123"),
    adminEmail: role === "admin" ? email : undefined,
  });
  if (!user) throw new Error("user exists");
  if (role === "shopper" && user.role === "admin") {
    const { setUserRole } = await import("@/db/queries/users");
    await setUserRole(user.id, "shopper");
  }
  const t = newApiToken();
  const row = await insertApiToken(user.id, "test", t.hash, t.prefix);
  return { user: { ...user, role }, token: t.token, tokenId: row.id };
}

/** A next-auth session cookie for a user, as the browser would send it after signing in. */
export async function sessionCookie(user: { id: number; role: "admin" | "shopper"; email?: string }): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const { authSecret } = await import("@/lib/auth/secret");
  const jwt = await encode({ token: { uid: user.id, role: user.role, email: user.email, checkedAt: Date.now() }, secret: authSecret() });
  return `next-auth.session-token=${jwt}`;
}
