import Stripe from "stripe";
import { env } from "@/lib/env";

let cached: { key: string; base: string | undefined; client: Stripe } | undefined;

/** The Stripe SDK client for STRIPE_SECRET_KEY (optionally aimed at STRIPE_API_BASE); null in demo mode. */
export function stripeClient(): Stripe | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) return null;
  if (cached && cached.key === e.STRIPE_SECRET_KEY && cached.base === e.STRIPE_API_BASE) return cached.client;
  const opts: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 1, timeout: 20_000 };
  if (e.STRIPE_API_BASE) {
    const u = new URL(e.STRIPE_API_BASE);
    opts.host = u.hostname;
    opts.protocol = u.protocol === "http:" ? "http" : "https";
    if (u.port) opts.port = Number(u.port);
  }
  cached = { key: e.STRIPE_SECRET_KEY, base: e.STRIPE_API_BASE, client: new Stripe(e.STRIPE_SECRET_KEY, opts) };
  return cached.client;
}

/** Verifies the signature on the raw body and parses the event; throws Stripe's signature error when it fails. */
export function verifyWebhook(rawBody: Buffer, signature: string, secret: string): Stripe.Event {
  // constructEvent needs no API key; a throwaway client keeps this working in demo mode too.
  const client = stripeClient() ?? new Stripe("sk_test_unused");
  return client.webhooks.constructEvent(rawBody, signature, secret);
}

export type { Stripe };
