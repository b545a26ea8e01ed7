import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";

// A signed event is still checked before use: Stripe's types are promises, not guarantees (a test
// payload may carry `data.object: null` or a non-numeric `created`).
const ref = z.union([z.string(), z.object({ id: z.string() }).loose()]).nullish();
const metadata = z.record(z.string(), z.string()).nullish();

const envelope = z.object({ id: z.string().min(1), type: z.string().min(1), created: z.number().int().nonnegative(), data: z.object({ object: z.object({}).loose() }) }).loose();

const session = z
  .object({ id: z.string().min(1), payment_status: z.string().nullish(), payment_intent: ref, amount_total: z.number().int().nullish(), currency: z.string().nullish(), metadata })
  .loose();

const charge = z
  .object({ id: z.string().min(1), payment_intent: ref, amount_refunded: z.number().int(), currency: z.string(), refunded: z.boolean(), metadata })
  .loose();

/** Refuses (422) a Stripe event whose envelope or object does not have the fields and types used. */
export function assertStripeEventShape(event: unknown): void {
  const env = envelope.safeParse(event);
  if (!env.success) throw new InvalidInputError("The webhook event is not a Stripe event we can read");
  const type = env.data.type;
  const object = type.startsWith("checkout.session.") ? session : type === "charge.refunded" ? charge : undefined;
  if (object && !object.safeParse(env.data.data.object).success) {
    throw new InvalidInputError(`The ${type} event's object is missing fields or has wrong types`);
  }
}
