/**
 * A fixed-window attempt counter in PostgreSQL, shared by every web process and kept across restarts.
 *
 * One statement per attempt: `INSERT ... ON CONFLICT DO UPDATE` takes the row lock, so concurrent attempts on one
 * key are counted one after the other and no burst of parallel requests slips past the limit (a read-then-write
 * in two statements would let them all read the same count). The attempt is counted before the password is
 * checked, for the same reason. A fixed window lets at most 2 × limit attempts through around a window boundary,
 * which is enough to stop online guessing (OWASP Authentication Cheat Sheet, "Protect Against Automated Attacks":
 * https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html).
 */
import { createHash } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rateLimitCounters } from "../../db/schema";

export interface ThrottleRule {
  /** Stable name, part of the stored key: "signin-account", "signup-address", ... */
  name: string;
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface AttemptVerdict {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  hits: number;
  /** When the current window ends, and a refused caller may try again. */
  retryAt: Date;
}

/** The stored key: the rule's name and a hash of the subject, so attempted addresses are not kept in the table. */
export function bucketKey(rule: ThrottleRule, subject: string): string {
  return `${rule.name}:${createHash("sha256").update(subject).digest("hex")}`;
}

/** Counts one attempt against `subject` under `rule` and says whether it is within the limit. */
export async function consumeAttempt(db: Database, rule: ThrottleRule, subject: string): Promise<AttemptVerdict> {
  const window = sql`make_interval(secs => ${rule.windowSeconds})`;
  const expired = sql`${rateLimitCounters.windowStartedAt} + ${window} <= now()`;
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ bucket: bucketKey(rule, subject), hits: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: rateLimitCounters.bucket,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimitCounters.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${rateLimitCounters.windowStartedAt} end`,
      },
    })
    .returning({
      hits: rateLimitCounters.hits,
      retryAt: sql<Date>`${rateLimitCounters.windowStartedAt} + ${window}`.mapWith(rateLimitCounters.windowStartedAt),
    });
  if (!row) throw new Error("rate-limit upsert returned no row");
  return { allowed: row.hits <= rule.limit, hits: row.hits, retryAt: row.retryAt };
}

/** Forgets the attempts against `subject` (after a successful sign-in to that account). */
export async function clearAttempts(db: Database, rule: ThrottleRule, subject: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.bucket, bucketKey(rule, subject)));
}

/** Deletes counters whose window ended long ago, so addresses that tried once do not pile up forever. */
export async function pruneCounters(db: Database, olderThanSeconds = 24 * 60 * 60): Promise<number> {
  const deleted = await db
    .delete(rateLimitCounters)
    .where(lt(rateLimitCounters.windowStartedAt, sql`now() - make_interval(secs => ${olderThanSeconds})`))
    .returning({ bucket: rateLimitCounters.bucket });
  return deleted.length;
}
