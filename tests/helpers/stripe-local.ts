import http from "node:http";
import type { AddressInfo } from "node:net";

export type StripeRequest = { method: string; url: string; auth: string; idem: string; body: URLSearchParams };

/**
 * A local stand-in for api.stripe.com that the real SDK is pointed at (STRIPE_API_BASE): it records
 * every request (form-encoded body parsed) and answers with `reply(req)` as JSON.
 */
export async function startStripeStandIn(reply: (req: StripeRequest) => { status?: number; body: object }) {
  const seen: StripeRequest[] = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", () => {
      const r: StripeRequest = { method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization ?? "", idem: String(req.headers["idempotency-key"] ?? ""), body: new URLSearchParams(data) };
      seen.push(r);
      const out = reply(r);
      res.writeHead(out.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}
