import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clickObjectOnVideo, fillDemoAddress, launchBrowser, screenshot, signInDemoAdmin, waitForDemoVideo } from "../helpers/browser";

// Issue 20's acceptance: a shopper clicks the astronaut on the demo video, adds the jacket, checks out
// with an address (demo payment), receives the confirmation e-mail from the test SMTP server; the admin
// marks it shipped, the buyer gets the shipped e-mail and sees the timeline; a refund returns the stock
// and shows in the video's analytics.
const base = inject("baseUrl");
const smtpDir = inject("smtpDir");
let shopper: BrowserContext;
let admin: BrowserContext;
let close: () => Promise<void>;
let videoId = 0;

type Mail = { to: string[]; subject: string; text: string; html: string };
type Analytics = { totals: { paidOrders: number; unitsSold: number; revenueCents: number } };

beforeAll(async () => {
  const b = await launchBrowser();
  shopper = b.context;
  admin = await b.browser!.newContext({ viewport: { width: 1280, height: 900 } });
  close = async () => {
    await admin.close();
    await b.close();
  };
  videoId = await waitForDemoVideo(base);
}, 450_000);
afterAll(async () => close());

/** The message to `to` whose subject ends with `suffix`, once the SMTP server has it. */
async function mailTo(to: string, suffix: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => {
      const all = fs.readdirSync(smtpDir).map((f) => JSON.parse(fs.readFileSync(path.join(smtpDir, f), "utf8")) as Mail);
      found = all.find((m) => m.to.includes(to) && m.subject.endsWith(suffix));
      return found !== undefined;
    }, { timeout: 30_000 })
    .toBe(true);
  return found!;
}

async function jacketStock(page: Page): Promise<number> {
  const body = (await (await page.request.get(`${base}/api/products?q=JKT-RAIN-01`)).json()) as { products: { sku: string; stock: number }[] };
  return body.products.find((p) => p.sku === "JKT-RAIN-01")!.stock;
}

describe("shop fulfilment (issue 20 acceptance)", () => {
  it("astronaut → jacket → address → confirmation e-mail → shipped (e-mail, timeline) → refund: stock back, analytics paid − refunded", { timeout: 400_000 }, async () => {
    const email = `buyer-${Date.now()}@example.com`;
    const page = await shopper.newPage();
    const stockBefore = await jacketStock(page);
    const ap = await admin.newPage();
    await signInDemoAdmin(ap, base);
    const analytics = async () => ((await (await ap.request.get(`${base}/api/admin/analytics/videos/${videoId}`)).json()) as Analytics).totals;
    const before = await analytics();

    // 1. The astronaut on the demo video → the jacket card → Add to cart.
    await page.goto(`${base}/videos/${videoId}`);
    await page.getByTestId("in-this-video").waitFor();
    const card = await clickObjectOnVideo(page, base, videoId, "person");
    expect(await card.getByRole("heading").textContent()).toBe("Yellow rain jacket");
    await screenshot(page, "fulfil-video-card");
    await card.getByRole("button", { name: "Add to cart" }).click();
    await card.getByTestId("cart-toast").waitFor();
    await page.goto(`${base}/cart`);

    // 2. Check out with an address in Germany: standard shipping 5.90 and 19 % tax on goods + shipping.
    await page.getByRole("link", { name: "Check out" }).click();
    await page.waitForURL(`${base}/checkout`);
    await page.getByLabel("E-mail for the receipt").fill(email);
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/checkout\/demo\/[A-Za-z0-9_-]+$/);
    const publicId = page.url().split("/").pop()!;
    await page.getByRole("button", { name: /^Pay / }).click();
    await expect.poll(() => page.getByLabel("Full name").evaluate((i: HTMLInputElement) => i.validity.valueMissing)).toBe(true); // the browser asks for the address first
    await fillDemoAddress(page, { name: "Astrid Astronaut", country: "DE" });
    await screenshot(page, "fulfil-demo-address");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(`${base}/orders/${publicId}`);
    await expect.poll(() => page.getByText("Thank you! Your payment was received").isVisible()).toBe(true);
    // 89.00 + 5.90 = 94.90; tax 19 % = 18.03; total 112.93
    await expect.poll(() => page.getByTestId("order-total").textContent()).toBe("€112.93");
    await expect.poll(() => page.getByTestId("shipping-address").textContent()).toContain("Astrid Astronaut");
    await screenshot(page, "fulfil-order-paid");
    expect(await jacketStock(page)).toBe(stockBefore - 1);

    // 3. The confirmation e-mail, from the real SMTP server.
    const confirmation = await mailTo(email, "confirmed");
    expect(confirmation.text).toContain("1 × Yellow rain jacket — €89.00");
    expect(confirmation.text).toContain("Total: €112.93");
    expect(confirmation.html).toContain(`/orders/${publicId}`);

    // 4. The admin marks it shipped.
    await ap.goto(`${base}/admin/orders`);
    await ap.getByRole("link", { name: publicId.slice(0, 8) }).click();
    await ap.waitForURL(`${base}/admin/orders/${publicId}`);
    await ap.getByLabel("Carrier").fill("DHL");
    await ap.getByLabel("Tracking number").fill("JJD000390007");
    await ap.getByRole("button", { name: "Mark shipped" }).click();
    await ap.waitForURL(`${base}/admin/orders/${publicId}?done=shipped`);
    await expect.poll(() => ap.getByText("Marked shipped; the buyer was e-mailed.").isVisible()).toBe(true);
    await expect.poll(() => ap.getByRole("button", { name: "Mark delivered" }).isVisible()).toBe(true);
    await screenshot(ap, "fulfil-admin-shipped");

    // 5. The buyer's shipped e-mail and timeline.
    const shipped = await mailTo(email, "shipped");
    expect(shipped.text).toContain("Tracking number: JJD000390007");
    await page.reload();
    await expect.poll(() => page.getByTestId("tracking-number").textContent()).toBe("JJD000390007");
    const timeline = page.getByRole("list", { name: "Order timeline" });
    await expect.poll(() => timeline.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual(["placed", "pay", "ship"]);
    await screenshot(page, "fulfil-order-timeline");

    const paid = await analytics();
    expect(paid.paidOrders - before.paidOrders).toBe(1);
    expect(paid.revenueCents - before.revenueCents).toBe(8900);

    // 6. A refund of the jacket line: stock back, the refunded e-mail, analytics paid − refunded.
    await ap.getByLabel(/Yellow rain jacket/).fill("1");
    await ap.getByRole("button", { name: "Refund these quantities" }).click();
    await ap.waitForURL(`${base}/admin/orders/${publicId}?done=refunded`);
    await expect.poll(() => ap.getByText("Refunded; stock returned and the buyer e-mailed.").isVisible()).toBe(true);
    await screenshot(ap, "fulfil-admin-refunded");
    expect(await jacketStock(page)).toBe(stockBefore);
    const refunded = await mailTo(email, "refunded");
    expect(refunded.text).toContain("We refunded €112.93, the whole order");
    const after = await analytics();
    expect([after.paidOrders, after.revenueCents, after.unitsSold]).toEqual([before.paidOrders, before.revenueCents, before.unitsSold]);
    await ap.goto(`${base}/admin/analytics/videos/${videoId}`);
    await ap.getByTestId("funnel").waitFor();
    await screenshot(ap, "fulfil-analytics-after-refund");
    await page.reload();
    await expect.poll(() => page.getByText("This order was refunded.").isVisible()).toBe(true);
    await expect.poll(() => timeline.locator("li").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual(["placed", "pay", "ship", "refund"]);
  });
});
