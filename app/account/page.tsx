import { redirect } from "next/navigation";
import { TokenManager } from "@/components/account/token-manager";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { currentUser } from "@/lib/auth/identity";

export const dynamic = "force-dynamic";
export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/login?next=/account");
  const tokens = await listApiTokens(user.id);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="page-title">Your account</h1>
        <p className="mt-1 text-sm text-slate-600">
          {user.name} · {user.email} · <span className="font-medium">{user.role}</span>
        </p>
      </div>
      <section className="card p-6" aria-labelledby="tokens-h">
        <h2 id="tokens-h" className="mb-1 text-lg font-semibold">Extension API tokens</h2>
        <p className="mb-4 text-sm text-slate-600">
          The Framecart browser extension sends your clicks with one of these tokens (<code>Authorization: Bearer …</code>).
        </p>
        <TokenManager
          tokens={tokens.map((t) => ({
            ...t,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
          }))}
        />
      </section>
    </div>
  );
}
