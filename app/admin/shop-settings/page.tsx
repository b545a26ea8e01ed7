import { ActionForm } from "@/components/shop/action-form";
import { env } from "@/lib/env";
import { getShopSettings } from "@/lib/shop/settings";
import { saveShopSettingsAction } from "../orders/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Shipping and tax" };

// Catalogue settings for checkout, edited as JSON (validated before saving; a bad value saves nothing).
export default async function ShopSettingsPage() {
  const settings = await getShopSettings();
  return (
    <div className="space-y-6">
      <h1 className="page-title">Shipping and tax</h1>
      <ul className="list-disc pl-5 text-sm text-slate-600">
        <li><code>countries</code>: where we ship (two-letter codes); Stripe Checkout and the demo page offer exactly these.</li>
        <li><code>shippingRates</code>: up to 5, the first is the default; <code>amountCents</code> in the order’s currency; <code>freeOverCents</code> makes it free when the goods cost at least that (null: never).</li>
        <li>
          <code>taxRates</code>: percent per country on goods and shipping.{" "}
          {env().STRIPE_AUTOMATIC_TAX ? "STRIPE_AUTOMATIC_TAX is on: Stripe computes the tax for Stripe payments; this table serves the demo payment." : "Used for demo payments; for Stripe payments set STRIPE_AUTOMATIC_TAX=true (Stripe Tax)."}
        </li>
      </ul>
      <ActionForm action={saveShopSettingsAction} label="Shop settings" className="card space-y-3 p-4">
        <label className="label" htmlFor="shop-settings">Settings (JSON)</label>
        <textarea id="shop-settings" name="settings" className="input h-96 font-mono text-xs" defaultValue={JSON.stringify(settings, null, 2)} spellCheck={false} />
        <button type="submit" className="btn-primary">Save</button>
      </ActionForm>
    </div>
  );
}
