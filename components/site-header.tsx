import Link from "next/link";
import { currentUser } from "@/lib/auth/identity";
import { CartLink } from "./shop/cart-link";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const user = await currentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-600">
          Framecart
        </Link>
        <Link href="/" className="text-sm text-slate-700 hover:text-brand-600">
          Videos
        </Link>
        <Link href="/products" className="text-sm text-slate-700 hover:text-brand-600">
          Shop
        </Link>
        {user?.role === "admin" && (
          <Link href="/admin" className="text-sm text-slate-700 hover:text-brand-600">
            Admin
          </Link>
        )}
        <div className="ml-auto flex items-center gap-3 text-sm">
          <CartLink />
          {user && (
            <Link href="/orders" className="text-slate-700 hover:text-brand-600">
              Orders
            </Link>
          )}
          {user ? (
            <>
              <Link href="/account" className="text-slate-700 hover:text-brand-600">
                {user.name || user.email}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/login" className="text-slate-700 hover:text-brand-600">
                Sign in
              </Link>
              <Link href="/register" className="btn-primary py-1.5">
                Create account
              </Link>
            </>
          )}
        </div>
      </nav>
    </header>
  );
}
