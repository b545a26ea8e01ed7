import type { ShippingAddress as Address } from "@/db/schema";

export function ShippingAddress({ address }: { address: Address }) {
  const lines = [address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.state, address.country, address.phone].filter(Boolean);
  return (
    <address className="text-sm not-italic" data-testid="shipping-address">
      {lines.map((l, i) => (
        <div key={i}>{l}</div>
      ))}
    </address>
  );
}
