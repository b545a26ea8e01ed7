import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, insertApiToken } from "@/db/queries/users";
import { newApiToken } from "@/lib/auth/tokens";
import { localStorage, setStorage, storage } from "@/lib/storage";
import { createTestDb } from "@/tests/helpers/db";
import * as list from "@/app/api/admin/products/route";
import * as one from "@/app/api/admin/products/[id]/route";
import * as image from "@/app/api/admin/products/[id]/image/route";
import * as publicImage from "@/app/api/products/[id]/image/route";
import { getProduct } from "@/db/queries/products";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;

let drop: () => Promise<void>;
let dir: string;
let admin = "";
let shopper = "";

async function tokenFor(email: string, role: "admin" | "shopper") {
  const u = await createUser({ email, name: email, passwordHash: "x", adminEmail: role === "admin" ? email : undefined });
  if (!u) throw new Error("user not created");
  const t = newApiToken();
  await insertApiToken(u.id, "test", t.hash, t.prefix);
  return t.token;
}

function call(
  handler: Handler,
  opts: { method?: string; path?: string; token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; id?: number | string } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const req = new Request(`http://localhost${opts.path ?? "/api/admin/products"}`, { method: opts.method ?? "GET", headers, body });
  const params: Record<string, string> = opts.id !== undefined ? { id: String(opts.id) } : {};
  return handler(req, { params: Promise.resolve(params) });
}

const create = (json: unknown, token = admin) => call(list.POST, { method: "POST", token, json });

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "fc-cat-"));
  setStorage(localStorage(dir));
  admin = await tokenFor("admin@example.com", "admin");
  shopper = await tokenFor("shopper@example.com", "shopper");
});

afterAll(async () => {
  setStorage(undefined);
  await drop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("admin product CRUD", () => {
  it("creates, reads, updates and deletes a product", async () => {
    const res = await create({ sku: "mug-1", name: "Mug", price: "9.90", currency: "usd", stock: 4, itemName: "cup" });
    expect(res.status).toBe(201);
    const { product } = (await res.json()) as { product: Record<string, unknown> };
    expect(product).toMatchObject({ sku: "MUG-1", name: "Mug", priceCents: 990, currency: "USD", stock: 4, itemName: "cup", active: true, imageUrl: null });
    expect(product).not.toHaveProperty("imageKey");
    const id = product.id as number;

    const got = await call(one.GET, { token: admin, id });
    expect(got.status).toBe(200);
    expect(((await got.json()) as { product: { sku: string } }).product.sku).toBe("MUG-1");

    const patched = await call(one.PATCH, { method: "PATCH", token: admin, id, json: { price: 12, active: false, description: "Stoneware" } });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { product: unknown }).product).toMatchObject({ priceCents: 1200, active: false, description: "Stoneware", stock: 4 });

    const listed = await call(list.GET, { token: admin, path: "/api/admin/products?q=stoneware" });
    const body = (await listed.json()) as { products: { id: number }[]; total: number };
    expect(body.products.map((p) => p.id)).toEqual([id]);

    expect((await call(one.DELETE, { method: "DELETE", token: admin, id })).status).toBe(204);
    expect((await call(one.GET, { token: admin, id })).status).toBe(404);
    expect((await call(one.DELETE, { method: "DELETE", token: admin, id })).status).toBe(404);
  });

  it("answers 409 for a duplicate SKU on create and on update", async () => {
    expect((await create({ sku: "DUP-1", name: "One", price: 1 })).status).toBe(201);
    const again = await create({ sku: "dup-1", name: "Two", price: 2 });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("conflict");
    const other = (await (await create({ sku: "DUP-2", name: "Two", price: 2 })).json()) as { product: { id: number } };
    const clash = await call(one.PATCH, { method: "PATCH", token: admin, id: other.product.id, json: { sku: "DUP-1" } });
    expect(clash.status).toBe(409);
  });

  it("answers 422 with field details for wrong types", async () => {
    const res = await create({ sku: 12, name: "X", price: "cheap", stock: "many" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.map((d) => d.path).sort()).toEqual(["price", "sku", "stock"]);
    expect((await call(one.PATCH, { method: "PATCH", token: admin, id: 1, json: {} })).status).toBe(422);
  });

  it("answers 400 for malformed JSON and 413 for an oversized body", async () => {
    const bad = await call(list.POST, { method: "POST", token: admin, body: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    const huge = await create({ sku: "BIG", name: "Big", price: 1, description: "x".repeat(40 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("answers 401 without credentials and 403 for a shopper", async () => {
    expect((await call(list.GET)).status).toBe(401);
    expect((await create({ sku: "NOPE", name: "No", price: 1 }, "")).status).toBe(401);
    expect((await call(list.GET, { token: shopper })).status).toBe(403);
    expect((await create({ sku: "NOPE", name: "No", price: 1 }, shopper)).status).toBe(403);
    expect((await call(one.DELETE, { method: "DELETE", token: shopper, id: 1 })).status).toBe(403);
  });

  it("answers 404 for ids that are not numbers", async () => {
    expect((await call(one.GET, { token: admin, id: "abc" })).status).toBe(404);
  });
});

describe("product images", () => {
  let id = 0;
  beforeAll(async () => {
    const res = await create({ sku: "IMG-1", name: "Pictured", price: 5 });
    id = ((await res.json()) as { product: { id: number } }).product.id;
  });

  const png = (w: number, h: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();

  it("stores a multipart upload as WebP of at most 1200 px and serves it", async () => {
    const form = new FormData();
    form.append("image", new Blob([new Uint8Array(await png(2400, 1200))], { type: "image/png" }), "big.png");
    const res = await call(image.POST, { method: "POST", token: admin, id, body: form });
    expect(res.status).toBe(200);
    const { product } = (await res.json()) as { product: { imageUrl: string } };
    expect(product.imageUrl).toBe(`/api/products/${id}/image`);

    const row = await getProduct(id);
    expect(row?.imageKey).toMatch(new RegExp(`^products/${id}/[0-9a-f]+\\.webp$`));
    expect(await storage().stat(row!.imageKey!)).not.toBeNull();

    const served = await call(publicImage.GET, { path: product.imageUrl, id });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toMatch(/max-age/);
    const etag = served.headers.get("etag");
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 1200, height: 600 });

    const cached = await call(publicImage.GET, { path: product.imageUrl, id, headers: { "if-none-match": etag! } });
    expect(cached.status).toBe(304);
  });

  it("reads a browser-style multipart body whose boundary has upper-case letters", async () => {
    const boundary = "----WebKitFormBoundaryAbCdEfGh12";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(head), await png(30, 20), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const res = await call(image.POST, {
      method: "POST",
      token: admin,
      id,
      body: new Uint8Array(body),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(200);
  });

  it("replaces the image with a raw upload and removes the old file", async () => {
    const before = (await getProduct(id))!.imageKey!;
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#0a0" } }).jpeg().toBuffer();
    const res = await call(image.POST, { method: "POST", token: admin, id, body: new Uint8Array(jpeg), headers: { "content-type": "image/jpeg" } });
    expect(res.status).toBe(200);
    const after = (await getProduct(id))!.imageKey!;
    expect(after).not.toBe(before);
    expect(await storage().stat(before)).toBeNull();
  });

  it("refuses non-images: 422 for undecodable bytes, 415 for other content types and SVG", async () => {
    const text = await call(image.POST, { method: "POST", token: admin, id, body: "hello", headers: { "content-type": "image/png" } });
    expect(text.status).toBe(422);
    const form = new FormData();
    form.append("image", new Blob(["not an image"], { type: "image/png" }), "fake.png");
    expect((await call(image.POST, { method: "POST", token: admin, id, body: form })).status).toBe(422);
    const plain = await call(image.POST, { method: "POST", token: admin, id, body: "x", headers: { "content-type": "text/plain" } });
    expect(plain.status).toBe(415);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    expect((await call(image.POST, { method: "POST", token: admin, id, body: svg, headers: { "content-type": "image/svg+xml" } })).status).toBe(415);
  });

  it("refuses uploads over 5 MB with 413", async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    const res = await call(image.POST, { method: "POST", token: admin, id, body: big, headers: { "content-type": "image/png" } });
    expect(res.status).toBe(413);
  });

  it("needs an admin to upload, and 404s for a missing product", async () => {
    const jpeg = await png(10, 10);
    expect((await call(image.POST, { method: "POST", token: shopper, id, body: new Uint8Array(jpeg), headers: { "content-type": "image/png" } })).status).toBe(403);
    expect((await call(image.POST, { method: "POST", token: admin, id: 999999, body: new Uint8Array(jpeg), headers: { "content-type": "image/png" } })).status).toBe(404);
  });

  it("hides images of inactive products from the public but not from admins, and 404s when there is none", async () => {
    await call(one.PATCH, { method: "PATCH", token: admin, id, json: { active: false } });
    expect((await call(publicImage.GET, { id })).status).toBe(404);
    expect((await call(publicImage.GET, { id, token: admin })).status).toBe(200);
    const del = await call(image.DELETE, { method: "DELETE", token: admin, id });
    expect(((await del.json()) as { product: { imageUrl: unknown } }).product.imageUrl).toBeNull();
    expect((await call(publicImage.GET, { id, token: admin })).status).toBe(404);
  });
});
