import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { shopSettings } from "@/db/schema";

export async function getShopSetting(key: string): Promise<unknown> {
  const db = await getDb();
  const [row] = await db.select({ value: shopSettings.value }).from(shopSettings).where(eq(shopSettings.key, key)).limit(1);
  return row?.value;
}

export async function putShopSetting(key: string, value: unknown): Promise<void> {
  const db = await getDb();
  await db
    .insert(shopSettings)
    .values({ key, value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: shopSettings.key, set: { value, updatedAt: new Date() } });
}
