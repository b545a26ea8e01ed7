import { describe, expect, it } from "vitest";
import { planRefund } from "@/lib/shop/fulfilment";
import { quote, rateCost, taxFor } from "@/lib/shop/pricing";
import { DEFAULT_SHOP_SETTINGS as S } from "@/lib/shop/settings";
import { isTerminal, nextStatus } from "@/lib/shop/states";
import type { Order, OrderItem } from "@/db/schema";

describe("shipping and tax", () => {
  it("free-over-X applies to the goods only; flat otherwise", () => {
    const standard = S.shippingRates[0]!;
    expect([rateCost(standard, 9999), rateCost(standard, 10000)]).toEqual([590, 0]);
    expect(rateCost(S.shippingRates[1]!, 1_000_000)).toBe(1490);
  });

  it("taxes goods + shipping at the destination's rate, rounded once; unknown countries or rates → null", () => {
    expect(quote(S, 4500, "DE", "standard")).toMatchObject({ shippingCents: 590, taxCents: 967, totalCents: 6057, taxPercent: 19 });
    expect(quote(S, 4500, "US", "express")).toMatchObject({ shippingCents: 1490, taxCents: 0, totalCents: 5990 });
    expect(taxFor(S, "CH", 1000)).toEqual({ cents: 81, percent: 8.1 });
    expect(quote(S, 4500, "JP", "standard")).toBeNull();
    expect(quote(S, 4500, "DE", "teleport")).toBeNull();
  });
});

describe("order states after payment", () => {
  it("paid → shipped → delivered; refund from each; nothing after refunded", () => {
    expect([nextStatus("paid", "ship"), nextStatus("shipped", "deliver"), nextStatus("delivered", "refund")]).toEqual(["shipped", "delivered", "refunded"]);
    expect([nextStatus("paid", "deliver"), nextStatus("shipped", "ship"), nextStatus("pending", "ship"), nextStatus("paid", "cancel")]).toEqual([null, null, null, null]);
    expect(isTerminal("refunded")).toBe(true);
    expect(isTerminal("delivered")).toBe(false);
  });
});

describe("refund plans", () => {
  const order = { totalCents: 6057, refundedCents: 0, subtotalCents: 4500, shippingCents: 590, taxCents: 967 } as Order;
  const items = [
    { productId: 1, quantity: 2, unitPriceCents: 2000, refundedQuantity: 0 },
    { productId: 2, quantity: 1, unitPriceCents: 500, refundedQuantity: 0 },
  ] as OrderItem[];

  it("a line gives back its goods and their share of the tax; the refund that completes the order gives back the rest", () => {
    expect(planRefund(order, items, { lines: [{ productId: 1, quantity: 1 }] })).toEqual({ lines: [{ productId: 1, quantity: 1, cents: 2000 }], amountCents: 2380 });
    expect(planRefund(order, items, { all: true }).amountCents).toBe(6057);
    const after = { ...order, refundedCents: 2380 } as Order;
    const left = items.map((i) => (i.productId === 1 ? { ...i, refundedQuantity: 1 } : i));
    expect(planRefund(after, left, { lines: [{ productId: 1, quantity: 5 }, { productId: 2, quantity: 1 }] })).toEqual({
      lines: [{ productId: 1, quantity: 1, cents: 2000 }, { productId: 2, quantity: 1, cents: 500 }],
      amountCents: 6057 - 2380,
    });
  });

  it("refuses lines that are not in the order or have nothing left", () => {
    expect(() => planRefund(order, items, { lines: [{ productId: 9, quantity: 1 }] })).toThrow("not in this order");
    const done = items.map((i) => ({ ...i, refundedQuantity: i.quantity }));
    expect(() => planRefund(order, done, { all: true })).toThrow("Nothing left to refund");
  });
});
