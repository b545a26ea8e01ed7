import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { orderEvents, type OrderEvent } from "@/db/schema";

export type Actor = { label: string; userId?: number | null };
export type NewOrderEvent = { orderId: number; kind: string; fromStatus?: OrderEvent["fromStatus"]; toStatus?: OrderEvent["toStatus"]; actor: Actor; note?: string | null };

type Exec = Pick<Awaited<ReturnType<typeof getDb>>, "insert">;

/** Records one change of an order (inside the caller's transaction when `exec` is given). */
export async function insertOrderEvent(e: NewOrderEvent, exec?: Exec): Promise<void> {
  const db = exec ?? (await getDb());
  await db.insert(orderEvents).values({
    orderId: e.orderId,
    kind: e.kind,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    actor: e.actor.label,
    actorUserId: e.actor.userId ?? null,
    note: e.note ?? null,
  });
}

export async function listOrderEvents(orderId: number): Promise<OrderEvent[]> {
  const db = await getDb();
  return db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.createdAt), asc(orderEvents.id));
}
