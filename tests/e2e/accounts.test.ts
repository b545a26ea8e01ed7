import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, screenshot } from "../helpers/browser";

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => close());

async function register(page: Page, name: string, email: string, password: string) {
  await page.goto(`${base}/register`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

describe("accounts in the browser", () => {
  it("the admin e-mail becomes admin, creates a token and a product, sees it in the shop, signs out", async () => {
    const page = await context.newPage();
    await register(page, "Ada Admin", "ada@example.com", "correct-horse");
    await page.waitForURL(`${base}/admin`);
    await expect.poll(() => page.getByRole("heading", { name: "Admin" }).isVisible()).toBe(true);
    await screenshot(page, "admin-home");

    await page.goto(`${base}/account`);
    await page.getByLabel("New token name").fill("Laptop Chrome");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").textContent();
    expect(token).toMatch(/^fc_[A-Za-z0-9_-]{40,}$/);
    const api = await page.request.get(`${base}/api/tokens`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status()).toBe(200);
    await screenshot(page, "account-tokens");

    await page.goto(`${base}/admin/products/new`);
    await page.getByLabel("Name").fill("Rain Jacket Aurora");
    await page.getByLabel("SKU").fill("E2E-JACKET-1");
    await page.getByLabel("Price").fill("129.90");
    await page.getByLabel("Stock").fill("7");
    // Any class: a catalogue category, typed (the list offers COCO classes first).
    await page.getByLabel("Class", { exact: true }).fill("Jacket");
    await page.getByLabel("Description").fill("A light rain jacket, seen in our videos.");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/admin\/products\/\d+\?created=1/);
    await page.goto(`${base}/admin/products`);
    await expect.poll(() => page.getByText("E2E-JACKET-1").isVisible()).toBe(true);
    await screenshot(page, "admin-catalogue");

    await page.goto(`${base}/products?q=Aurora`);
    await expect.poll(() => page.getByText("Rain Jacket Aurora").first().isVisible()).toBe(true);
    await screenshot(page, "shop");
    await page.getByText("Rain Jacket Aurora").first().click();
    await page.waitForURL(/\/products\/\d+$/);
    await expect.poll(() => page.getByRole("heading", { name: "Rain Jacket Aurora" }).isVisible()).toBe(true);
    await screenshot(page, "product");

    await page.goto(`${base}/account`);
    await page.getByRole("button", { name: "Revoke Laptop Chrome" }).click();
    await expect.poll(() => page.getByText("revoked").isVisible()).toBe(true);
    const revoked = await page.request.get(`${base}/api/tokens`, { headers: { authorization: `Bearer ${token}`, cookie: "" } });
    expect(revoked.status()).toBe(401);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
    await page.close();
  });

  it("a shopper cannot reach the admin area or admin APIs; a wrong password is refused", async () => {
    const page = await context.newPage();
    await register(page, "Sam Shopper", "sam@example.com", "shopper-pass");
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/admin`);
    await expect.poll(() => page.getByRole("heading", { name: "This page is for admins" }).isVisible()).toBe(true);
    const api = await page.request.get(`${base}/api/admin/products`);
    expect(api.status()).toBe(403);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/admin/products`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fproducts/);
    await page.getByLabel("E-mail").fill("sam@example.com");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByText("Wrong e-mail or password.").isVisible()).toBe(true);
    await screenshot(page, "login-error");
    await page.close();
  });
});
