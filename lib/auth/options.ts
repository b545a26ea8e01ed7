import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getUser } from "@/db/queries/users";
import { ApiError } from "@/lib/api/errors";
import { DomainError } from "@/lib/errors";
import { safeAuthRedirect } from "@/lib/security/safe-redirect";
import { loginSchema } from "@/lib/validations/auth";
import { authenticate } from "./accounts";
import { authSecret } from "./secret";

const MAX_AGE_S = 30 * 24 * 3600;
const REFRESH_ROLE_EVERY_MS = 5 * 60_000;

// The custom server (lib/server/start.ts) rewrote X-Forwarded-For to the client it resolved (TRUST_PROXY).
function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const fwd = headers?.["x-forwarded-for"];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(",")[0]?.trim();
  return first || "local";
}

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: MAX_AGE_S, updateAge: 24 * 3600 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "E-mail",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = loginSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          try {
            const user = await authenticate(parsed.data.email, parsed.data.password, clientIp(req.headers));
            return user ? { id: String(user.id), email: user.email, name: user.name, role: user.role } : null;
          } catch (e) {
            const limited = (e instanceof ApiError && e.code === "rate_limited") || (e instanceof DomainError && e.kind === "rate_limited");
            if (limited) throw new Error("RateLimited");
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      // Every callbackUrl next-auth follows stays on this app (no open redirect through sign-in/out).
      redirect: ({ url, baseUrl }) => safeAuthRedirect(url, baseUrl),
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.role = (user as { role?: "shopper" | "admin" }).role ?? "shopper";
          token.checkedAt = Date.now();
        } else if (typeof token.uid === "number" && Date.now() - (token.checkedAt ?? 0) > REFRESH_ROLE_EVERY_MS) {
          // Session refresh: re-read the role so a demoted or deleted user loses access within minutes.
          const fresh = await getUser(token.uid);
          if (!fresh) return { ...token, uid: undefined, role: undefined };
          token.role = fresh.role;
          token.name = fresh.name;
          token.checkedAt = Date.now();
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "number") {
          session.user.id = token.uid;
          session.user.role = token.role ?? "shopper";
        }
        return session;
      },
    },
  };
}
