import Link from "next/link";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/security/safe-redirect";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-origin paths, so the login page cannot be used to redirect elsewhere.
  const target = safeNextPath(next);
  return (
    <div className="mx-auto max-w-sm card p-6">
      <h1 className="page-title mb-6">Sign in</h1>
      <LoginForm next={target} />
      <p className="mt-4 text-sm text-slate-600">
        New here? <Link className="text-brand-600 underline" href="/register">Create an account</Link>
      </p>
    </div>
  );
}
