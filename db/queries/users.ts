import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiTokens, users, type User } from "@/db/schema";

export async function getUserByEmail(email: string): Promise<User | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row;
}

export async function getUser(id: number): Promise<User | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/**
 * Creates a user; the very first user (or the configured admin e-mail) becomes admin. Decided in
 * one statement so two concurrent first registrations cannot both become admin by accident.
 */
export async function createUser(input: {
  email: string;
  name: string;
  passwordHash: string;
  adminEmail?: string;
}): Promise<User | undefined> {
  const db = await getDb();
  const email = input.email.toLowerCase();
  const forceAdmin = input.adminEmail !== undefined && input.adminEmail.toLowerCase() === email;
  const role = forceAdmin
    ? sql`'admin'::role`
    : sql`(case when exists (select 1 from ${users}) then 'shopper' else 'admin' end)::role`;
  const rows = await db
    .insert(users)
    .values({ email, name: input.name, passwordHash: input.passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return rows[0];
}

export async function setUserRole(id: number, role: "shopper" | "admin"): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ role }).where(eq(users.id, id));
}

export async function countUsers(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function listApiTokens(userId: number) {
  const db = await getDb();
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function insertApiToken(userId: number, name: string, tokenHash: string, prefix: string) {
  const db = await getDb();
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash, prefix }).returning({
    id: apiTokens.id,
    name: apiTokens.name,
    prefix: apiTokens.prefix,
    createdAt: apiTokens.createdAt,
  });
  if (!row) throw new Error("token insert returned nothing");
  return row;
}

/** Revokes one of the user's tokens; false when it is not theirs or already revoked. */
export async function revokeApiToken(userId: number, tokenId: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** The active token with this hash, with its owner. */
export async function findActiveToken(tokenHash: string) {
  const db = await getDb();
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, email: users.email, role: users.role, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row;
}

export async function touchApiToken(tokenId: number): Promise<void> {
  const db = await getDb();
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, tokenId));
}
