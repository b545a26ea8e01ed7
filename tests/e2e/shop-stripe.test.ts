import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { headerCartLabel, launchBrowser, screenshot } from "../helpers/browser";

// Stripe mode end to end: a production server of its own with STRIPE_SECRET_KEY set and the SDK aimed
// at a local stand-in for api.stripe.com (Stripe itself is unreachable here), which answers the
// Checkout Session with a URL of its own (another origin, like checkout.stripe.com) that sends the
// browser straight back to our success URL — as if the shopper had paid. The webhook is delivered signed
// by the Stripe SDK, after the shopper is back (the waiting order page turns paid by itself) or before.

const WEBHOOK_SECRET = "whsec_e2e_framecart";
let server: ChildProcess | undefined;
let stripeStandIn: http.Server;
let base = "";
let dataDir = "";
let browser: Browser | undefined;
let context: BrowserContext;
const sessions: { id: string; publicId: string; form: URLSearchParams }[] = [];
/** Sessions whose payment webhook is delivered while the browser is still on the stand-in's page. */
const paidBeforeReturn = new Set<string>();

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))),
    NODE_ENV: "production" as const,
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    AUTH_SECRET: "e2e-stripe-secret-e2e-stripe-secret",
    ...extra,
  };
}

beforeAll(async () => {
  stripeStandIn = http.createServer((req, res) => {
    const pay = /^\/pay\/(cs_test_e2e_\d+)$/.exec(req.url ?? "");
    if (req.method === "GET" && pay) {
      // The hosted payment page: back to the success URL (after the webhook, for the sessions that ask).
      const session = sessions.find((x) => x.id === pay[1])!;
      const back = () => res.writeHead(303, { location: (session.form.get("success_url") ?? "").replace("{CHECKOUT_SESSION_ID}", session.id) }).end();
      if (!paidBeforeReturn.has(session.id)) return back();
      void deliver(completedEvent(session)).then(async (r) => {
        webhookAnswers.push((await r.json()) as object);
        back();
      });
      return;
    }
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const id = `cs_test_e2e_${sessions.length + 1}`;
      const publicId = form.get("metadata[order_public_id]") ?? "";
      sessions.push({ id, publicId, form });
      const url = `http://127.0.0.1:${(stripeStandIn.address() as AddressInfo).port}/pay/${id}`;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ id, object: "checkout.session", url, status: "open", payment_status: "unpaid" }));
    });
  });
  await new Promise<void>((r) => stripeStandIn.listen(0, "127.0.0.1", r));
  const stripePort = (stripeStandIn.address() as AddressInfo).port;

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-e2e-stripe-"));
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/seed.ts"], { env: env({}), encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const port = 4000 + Math.floor(Math.random() * 90);
  base = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(path.join(dataDir, "server.log"));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: env({
      PORT: String(port),
      HOST: "127.0.0.1",
      STRIPE_SECRET_KEY: "sk_test_e2e_framecart",
      STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited; see ${dataDir}/server.log`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server not healthy; see ${dataDir}/server.log`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const b = await launchBrowser();
  browser = b.browser;
  context = b.context;
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  server?.kill("SIGTERM");
  await new Promise((r) => (server && server.exitCode === null ? server.once("exit", r) : r(null)));
  await new Promise((r) => stripeStandIn.close(r));
});

async function deliver(event: object): Promise<Response> {
  const payload = JSON.stringify(event);
  const signature = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  return fetch(`${base}/api/webhooks/stripe`, { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signature } });
}

const webhookAnswers: object[] = [];

function completedEvent(s: (typeof sessions)[number], amountTotal = 1450 * Number(s.form.get("line_items[0][quantity]"))) {
  return {
    id: `evt_e2e_completed_${s.id}`,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: s.id, object: "checkout.session", payment_intent: `pi_${s.id}`, payment_status: "paid", amount_total: amountTotal, currency: "eur", metadata: { order_public_id: s.publicId } } },
  };
}

describe("Stripe mode in the browser", () => {
  it("checkout goes to the Checkout Session URL; the order page waits for the webhook and turns paid by itself", async () => {
    const page = await context.newPage();
    const products = (await (await page.request.get(`${base}/api/products?q=MUG-ENM-01`)).json()) as { products: { id: number; sku: string; stock: number }[] };
    const mug = products.products.find((p) => p.sku === "MUG-ENM-01")!;
    await page.goto(`${base}/products/${mug.id}`);
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/cart\?notice=added/);
    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByLabel("E-mail for the receipt").fill("stripe-buyer@example.com");
    await page.getByRole("button", { name: "Place order and pay with Stripe" }).click();

    await page.waitForURL(/\/orders\/[A-Za-z0-9_-]+\?session_id=cs_test_e2e_1$/);
    const s = sessions[0]!;
    expect(page.url()).toBe(`${base}/orders/${s.publicId}?session_id=${s.id}`);
    expect(s.form.get("line_items[0][quantity]")).toBe("2");
    expect(s.form.get("line_items[0][price_data][unit_amount]")).toBe("1450");
    expect(s.form.get("cancel_url")).toBe(`${base}/cart`);
    await expect.poll(() => page.getByText("Waiting for payment confirmation from Stripe").isVisible()).toBe(true);
    await screenshot(page, "shop-stripe-waiting");

    // A forged webhook changes nothing; the signed one moves the order, and the open page follows.
    const forged = await fetch(`${base}/api/webhooks/stripe`, { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=00" } });
    expect(forged.status).toBe(400);
    const completed = completedEvent(s);
    expect(completed.data.object.amount_total).toBe(2900);
    const r = await deliver(completed);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ outcome: "moved", status: "paid" });
    expect(await (await deliver(completed)).json()).toMatchObject({ outcome: "duplicate" });
    await expect.poll(() => page.getByText("Thank you! Your payment was received").isVisible(), { timeout: 15_000 }).toBe(true);
    await screenshot(page, "shop-stripe-paid");
    const after = (await (await page.request.get(`${base}/api/products?q=MUG-ENM-01`)).json()) as { products: { sku: string; stock: number }[] };
    expect(after.products.find((p) => p.sku === "MUG-ENM-01")!.stock).toBe(mug.stock - 2);
    // Back from Stripe with this session id: the bought mugs left the cart, and the header shows it in the
    // same render that shows the payment (no reload, no later render).
    expect(await headerCartLabel(page)).toBe("Cart, 0 items");
    expect(page.url()).toBe(`${base}/orders/${s.publicId}`);
    await page.reload();
    expect(await headerCartLabel(page)).toBe("Cart, 0 items");

    // The webhook wins the race: the order is paid before the shopper's browser is back on our site, and
    // the first render of the order page shows the emptied cart in the header.
    await page.goto(`${base}/products/${mug.id}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/cart\?notice=added/);
    expect(await headerCartLabel(page)).toBe("Cart, 1 item");
    paidBeforeReturn.add("cs_test_e2e_2");
    await page.getByRole("link", { name: "Check out" }).click();
    await page.getByLabel("E-mail for the receipt").fill("stripe-buyer@example.com");
    await page.getByRole("button", { name: "Place order and pay with Stripe" }).click();
    await page.waitForURL(/\/orders\/[A-Za-z0-9_-]+$/);
    expect(page.url()).toBe(`${base}/orders/${sessions[1]!.publicId}`);
    expect(webhookAnswers).toEqual([expect.objectContaining({ outcome: "moved", status: "paid" })]);
    await expect.poll(() => page.getByText("Thank you! Your payment was received").isVisible()).toBe(true);
    expect(await headerCartLabel(page)).toBe("Cart, 0 items");
    await screenshot(page, "shop-stripe-paid-before-return");
    await page.close();
  });
});
