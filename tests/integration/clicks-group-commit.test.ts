import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { clicks } from "@/db/schema";
import { commitClicks } from "@/lib/clicks/group-commit";
import { createTestDb, TEST_DB } from "../helpers/db";

let drop: () => Promise<void>;
beforeAll(async () => ({ drop } = await createTestDb()));
afterAll(async () => drop());

const row = (rawX: number) => ({ ip: "t", youtubeId: "GrOuPcOmMiT", rawX, rawY: 1, timestampS: 0, matchState: "pending" as const });

describe(`group commit of clicks (${TEST_DB})`, () => {
  it("concurrent callers are written together, each gets the ids of its own rows, committed", async () => {
    const calls = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? [row(i * 10), row(i * 10 + 1), row(i * 10 + 2)] : [row(i * 10)]));
    const results = await Promise.all(calls.map((rows) => commitClicks(rows)));
    const db = await getDb();
    const stored = await db.select({ id: clicks.id, rawX: clicks.rawX }).from(clicks).where(inArray(clicks.id, results.flat()));
    const byId = new Map(stored.map((r) => [r.id, r.rawX]));
    expect(results.flat().length).toBe(new Set(results.flat()).size);
    results.forEach((ids, i) => expect(ids.map((id) => byId.get(id))).toEqual(calls[i]!.map((r) => r.rawX)));
  });

  it("one caller's failing row does not fail the others queued with it", async () => {
    const bad = { ...row(-1), videoId: 999_999 }; // no such video: a foreign-key violation
    const out = await Promise.allSettled([commitClicks([row(1)]), commitClicks([row(2)]), commitClicks([row(3)]), commitClicks([row(4)]), commitClicks([row(5)]), commitClicks([bad]), commitClicks([row(7)])]);
    expect(out.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const db = await getDb();
    const [seven] = await db.select().from(clicks).where(eq(clicks.id, (out[6] as PromiseFulfilledResult<number[]>).value[0]!));
    expect(seven?.rawX).toBe(7);
  });
});
