import Link from "next/link";

/** What a signed-in non-admin sees on /admin (with status 403) and on /forbidden. */
export function AdminsOnly() {
  return (
    <div className="mx-auto max-w-md card p-6 text-center">
      <h1 className="page-title">This page is for admins</h1>
      <p className="mt-2 text-sm text-slate-600">Your account does not have access to the admin area.</p>
      <Link href="/" className="btn-primary mt-6">Back to the shop</Link>
    </div>
  );
}
