import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { launchBrowser, signInDemoAdmin } from "../helpers/browser";

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => close());

describe("security in the browser", () => {
  it("sign-in with a hostile `next` lands on the app, not on another host", async () => {
    const page = await context.newPage();
    await signInDemoAdmin(page, base, "/\\127.0.0.1:3301/pwned");
    await page.waitForLoadState("load");
    expect(new URL(page.url()).origin).toBe(base);
    await page.close();
  });

  it("an admin page framed by another origin does not render", async () => {
    const page = await context.newPage();
    // Signed in (previous test): the framed page would be the admin's own /account and /admin.
    const evil = "http://evil.invalid";
    await page.route(`${evil}/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><h1>evil</h1><iframe id="a" src="${base}/admin" width="800" height="600"></iframe><iframe id="b" src="${base}/account"></iframe>`,
      }),
    );
    await page.goto(`${evil}/frame`);
    await page.waitForTimeout(1500);
    // Chromium refuses the frames (CSP frame-ancestors 'none', X-Frame-Options DENY): they hold an error page, not ours.
    const framed = page.frames().filter((f) => f !== page.mainFrame());
    expect(framed.length).toBe(2);
    for (const f of framed) {
      const text = await f.evaluate(() => document.body?.innerText ?? "").catch(() => "");
      expect(text).not.toContain("Overview");
      expect(text).not.toContain("Framecart");
    }
    // The same page opened directly renders: the refusal is the framing, not the page.
    await page.goto(`${base}/admin`);
    await expect.poll(() => page.getByRole("navigation", { name: "Admin" }).isVisible()).toBe(true);
    await page.close();
  });
});
