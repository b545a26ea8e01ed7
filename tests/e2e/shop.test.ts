import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { headerCartLabel, launchBrowser, screenshot, signInDemoAdmin, fillDemoAddress } from "../helpers/browser";

const base = inject("baseUrl");
let browser: Browser | undefined;
let shopperCtx: BrowserContext;
let adminCtx: BrowserContext;

beforeAll(async () => {
  const b = await launchBrowser();
  browser = b.browser;
  shopperCtx = b.context;
  adminCtx = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await shopperCtx.close();
  await adminCtx.close();
  await browser?.close();
});

type PublicProduct = { id: number; name: string; sku: string; stock: number };

async function productBySku(page: Page, sku: string): Promise<PublicProduct> {
  const r = await page.request.get(`${base}/api/products?q=${encodeURIComponent(sku)}`);
  const body = (await r.json()) as { products: PublicProduct[] };
  const p = body.products.find((x) => x.sku === sku);
  if (!p) throw new Error(`no product ${sku}`);
  return p;
}

describe("shop in the browser (demo payment mode)", () => {
  it("add from the product page and from the extension link, edit the cart, sign up (cart merged), pay in demo mode, see the order; the admin sees it", async () => {
    const admin = await adminCtx.newPage();
    await signInDemoAdmin(admin, base, "/admin");
    await admin.waitForURL(`${base}/admin`);
    // The demo video is uploaded at start-up: wait until its row exists so the link can attribute to it.
    await expect
      .poll(async () => {
        const r = await admin.request.get(`${base}/api/videos?limit=100`);
        return ((await r.json()) as { videos: { youtubeId: string }[] }).videos.some((v) => v.youtubeId === "demo-product");
      }, { timeout: 60_000 })
      .toBe(true);

    const page = await shopperCtx.newPage();
    const jacket = await productBySku(page, "JKT-RAIN-01");
    const mug = await productBySku(page, "MUG-ENM-01");

    // 1. Product page → Add to cart (keyboard: fill the quantity, press Enter on the button).
    await page.goto(`${base}/products/${jacket.id}`);
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/cart\?notice=added/);
    await expect.poll(() => page.getByText("Added to your cart.").isVisible()).toBe(true);
    const cookies = await shopperCtx.cookies(base);
    const cartCookie = cookies.find((c) => c.name === "fc_cart");
    expect(cartCookie?.httpOnly).toBe(true);
    expect(cartCookie?.sameSite).toBe("Lax");

    // 2. The extension's link, with the demo video's YouTube-style id.
    await page.goto(`${base}/cart/add?product=${mug.id}&video=demo-product`);
    await page.waitForURL(/\/cart\?notice=added/);
    const cart = (await (await page.request.get(`${base}/api/cart`)).json()) as { cart: { items: { productId: number; quantity: number; videoId: number | null }[] } };
    expect(cart.cart.items.map((i) => [i.productId, i.quantity])).toEqual([
      [jacket.id, 2],
      [mug.id, 1],
    ]);
    expect(cart.cart.items[1]?.videoId).toBeGreaterThan(0);
    // Unknown products end on the cart page with words.
    await page.goto(`${base}/cart/add?product=99999999`);
    await expect.poll(() => page.getByText("That product does not exist or is no longer sold.").isVisible()).toBe(true);

    // 3. Edit the cart: jacket 2 → 1, mug 1 → 3.
    await page.getByLabel("Quantity of Yellow rain jacket").fill("1");
    await page.getByLabel("Quantity of Yellow rain jacket").press("Enter");
    await page.waitForURL(/notice=updated/);
    await page.getByLabel("Quantity of Enamel camping mug").fill("3");
    await page.locator("form", { has: page.getByLabel("Quantity of Enamel camping mug") }).getByRole("button", { name: "Update" }).click();
    // The URL already says notice=updated from the first edit: wait for the second edit's total itself.
    await expect.poll(() => page.getByTestId("cart-total").textContent(), { timeout: 20_000 }).toBe("€132.50");
    await expect.poll(() => page.getByRole("link", { name: "Cart, 4 items" }).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, "shop-cart");

    // 4. Sign up: the anonymous cart moves into the new account's cart.
    await page.goto(`${base}/register`);
    await page.getByLabel("Name").fill("Pat Payer");
    await page.getByLabel("E-mail").fill(`pat-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("pat-password-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/cart`);
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe("€132.50");

    // 5. Checkout → demo payment page → Pay.
    await page.getByRole("link", { name: "Check out" }).click();
    await page.waitForURL(`${base}/checkout`);
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/checkout\/demo\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => page.getByText("Demo payment — Stripe keys are not configured; no money moves").isVisible()).toBe(true);
    await screenshot(page, "shop-demo-payment");
    const publicId = page.url().split("/").pop()!;
    await fillDemoAddress(page);
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(`${base}/orders/${publicId}`);
    await expect.poll(() => page.getByText("Thank you! Your payment was received").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Paid", { exact: true }).first().isVisible()).toBe(true);
    await screenshot(page, "shop-order");
    // Paid items left the cart, and the header says so in the same render that says "paid" (no reload).
    expect(await headerCartLabel(page)).toBe("Cart, 0 items");
    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await page.waitForURL(`${base}/orders`);
    await expect.poll(() => page.getByRole("link", { name: publicId.slice(0, 8) }).isVisible()).toBe(true);
    await screenshot(page, "shop-order-history");
    const after = await productBySku(page, "JKT-RAIN-01");
    expect(after.stock).toBe(jacket.stock - 1);

    // A declined demo payment: the order says so in words and the cart keeps its items.
    await page.goto(`${base}/cart/add?product=${mug.id}`);
    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/checkout\/demo\//);
    const declinedId = page.url().split("/").pop()!;
    await page.getByRole("button", { name: "Decline payment (demo)" }).click();
    await page.waitForURL(`${base}/orders/${declinedId}`);
    await expect.poll(() => page.getByText("The payment did not go through, so nothing was charged.").isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("link", { name: "Cart, 1 item" }).isVisible()).toBe(true);

    // 6. The admin sees the paid order, where it came from, and can filter by status.
    await admin.goto(`${base}/admin/orders?status=paid`);
    const row = admin.locator("tr", { has: admin.getByRole("link", { name: publicId.slice(0, 8) }) });
    await expect.poll(() => row.isVisible()).toBe(true);
    await expect.poll(() => row.getByRole("link", { name: /Demo: a dog, a cup and an astronaut/ }).isVisible()).toBe(true);
    expect(await row.textContent()).toContain("€132.50");
    await screenshot(admin, "shop-admin-orders");
    // The browser files share one server and database (another file refunds its own order), so the
    // refunded list need not be empty: this paid order just must not be in it, and the filter must hold.
    await admin.goto(`${base}/admin/orders?status=refunded`);
    await expect.poll(() => admin.getByText(/\d+ orders? refunded/).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await admin.getByRole("link", { name: publicId.slice(0, 8) }).count()).toBe(0);
    for (const badge of await admin.locator("tbody tr").all()) expect(await badge.textContent()).toMatch(/Refunded/i);
    await page.close();
    await admin.close();
  });
});
