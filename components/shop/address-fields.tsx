import { formatPrice } from "@/lib/catalogue/format";

type Rate = { id: string; label: string; costCents: number };

const countryName = (code: string) => new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;

/** The shipping address and rate fields of the demo payment page (the same Stripe Checkout collects). */
export function AddressFields({ countries, rates, currency, taxNote }: { countries: string[]; rates: Rate[]; currency: string; taxNote: string }) {
  const text = (name: string, label: string, opts: { required?: boolean; auto?: string; max?: number } = {}) => (
    <div>
      <label className="label" htmlFor={`ship-${name}`}>{label}</label>
      <input className="input" id={`ship-${name}`} name={name} required={opts.required ?? true} autoComplete={opts.auto} maxLength={opts.max ?? 200} />
    </div>
  );
  return (
    <>
      <legend className="text-lg font-semibold">Shipping address</legend>
      {text("name", "Full name", { auto: "name", max: 120 })}
      {text("line1", "Street and number", { auto: "address-line1" })}
      {text("line2", "Address line 2 (optional)", { required: false, auto: "address-line2" })}
      <div className="grid grid-cols-2 gap-3">
        {text("postalCode", "Postal code", { auto: "postal-code", max: 16 })}
        {text("city", "City", { auto: "address-level2", max: 120 })}
      </div>
      {text("state", "State or region (optional)", { required: false, auto: "address-level1", max: 120 })}
      <div>
        <label className="label" htmlFor="ship-country">Country</label>
        <select className="input" id="ship-country" name="country" required defaultValue="" autoComplete="country">
          <option value="" disabled>Choose a country</option>
          {countries.map((c) => <option key={c} value={c}>{countryName(c)}</option>)}
        </select>
      </div>
      {text("phone", "Phone (optional)", { required: false, auto: "tel", max: 40 })}
      <div role="radiogroup" aria-label="Shipping rate" className="space-y-1">
        <p className="label">Shipping</p>
        {rates.map((r, i) => (
          <label key={r.id} className="flex items-center gap-2 text-sm">
            <input type="radio" name="rate" value={r.id} defaultChecked={i === 0} required />
            {r.label} — {r.costCents === 0 ? "free" : formatPrice(r.costCents, currency)}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">{taxNote}</p>
    </>
  );
}
