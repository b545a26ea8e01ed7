import Link from "next/link";
import { forbidden, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/identity";

export const dynamic = "force-dynamic";

const NAV = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/products", label: "Catalogue" },
  { href: "/admin/videos", label: "Videos" },
  { href: "/admin/runs", label: "Analysis history" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/shop-settings", label: "Shipping and tax" },
  { href: "/admin/mail", label: "Sent e-mails" },
  { href: "/admin/analytics", label: "Analytics" },
  { href: "/admin/align", label: "Align videos" },
  { href: "/admin/recordings", label: "Recordings" },
];

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/admin");
  // A real 403 (app/forbidden.tsx), not a redirect to a page that answers 200.
  if (user.role !== "admin") forbidden();
  return (
    <div className="flex flex-col gap-6 md:flex-row">
      <nav aria-label="Admin" className="md:w-48 md:shrink-0">
        <ul className="flex gap-2 md:flex-col">
          {NAV.map((n) => (
            <li key={n.href}>
              <Link href={n.href} className="block rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-white hover:text-brand-600">
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 grow">{children}</div>
    </div>
  );
}
