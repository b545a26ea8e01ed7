import Link from "next/link";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin" };

export default function AdminHome() {
  return (
    <div className="space-y-6">
      <h1 className="page-title">Admin</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Link href="/admin/products" className="card p-5 hover:border-brand-500">
          <h2 className="font-semibold">Catalogue</h2>
          <p className="mt-1 text-sm text-slate-600">Products, prices, stock, import from CSV or JSON.</p>
        </Link>
        <Link href="/admin/videos" className="card p-5 hover:border-brand-500">
          <h2 className="font-semibold">Videos</h2>
          <p className="mt-1 text-sm text-slate-600">Upload, analyse and review videos.</p>
        </Link>
      </div>
    </div>
  );
}
