import Link from "next/link";
import { RegisterForm } from "@/components/auth/register-form";

export const metadata = { title: "Create account" };

export default function RegisterPage() {
  return (
    <div className="mx-auto max-w-sm card p-6">
      <h1 className="page-title mb-6">Create account</h1>
      <RegisterForm />
      <p className="mt-4 text-sm text-slate-600">
        Have an account? <Link className="text-brand-600 underline" href="/login">Sign in</Link>
      </p>
    </div>
  );
}
