/**
 * Site administrators. Granting and revoking happen only from the command line (`npm run admin`), whose
 * authorization is shell access to the server; the web app only asks isSiteAdmin().
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { siteAdmins, users } from "../../db/schema";
import { AppError } from "../errors";

export interface SiteAdminEntry {
  userId: string;
  email: string | null;
  name: string | null;
  grantedAt: Date;
}

async function findUserIdByEmail(db: Database, email: string): Promise<string> {
  const normalized = email.trim().toLowerCase();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, normalized));
  if (!user) throw new AppError("NOT_FOUND", `No user with email ${normalized}; they must sign up first.`);
  return user.id;
}

/** Makes the user with this email a site admin; `alreadyAdmin` when they were one. */
export async function grantSiteAdmin(db: Database, email: string): Promise<{ userId: string; alreadyAdmin: boolean }> {
  const userId = await findUserIdByEmail(db, email);
  const inserted = await db
    .insert(siteAdmins)
    .values({ userId })
    .onConflictDoNothing()
    .returning({ userId: siteAdmins.userId });
  return { userId, alreadyAdmin: inserted.length === 0 };
}

/** Removes the user's site-admin right; `wasAdmin` false when they had none. */
export async function revokeSiteAdmin(db: Database, email: string): Promise<{ userId: string; wasAdmin: boolean }> {
  const userId = await findUserIdByEmail(db, email);
  const deleted = await db
    .delete(siteAdmins)
    .where(eq(siteAdmins.userId, userId))
    .returning({ userId: siteAdmins.userId });
  return { userId, wasAdmin: deleted.length > 0 };
}

export async function listSiteAdmins(db: Database): Promise<SiteAdminEntry[]> {
  return db
    .select({ userId: siteAdmins.userId, email: users.email, name: users.name, grantedAt: siteAdmins.grantedAt })
    .from(siteAdmins)
    .innerJoin(users, eq(users.id, siteAdmins.userId))
    .orderBy(asc(siteAdmins.grantedAt), asc(users.email));
}

export async function isSiteAdmin(db: Database, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: siteAdmins.userId }).from(siteAdmins).where(eq(siteAdmins.userId, userId));
  return row !== undefined;
}
