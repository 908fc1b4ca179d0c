/**
 * How much work waits for each hardware profile, for the runners page: evaluations queued (not yet claimed),
 * evaluations running, and the oldest waiting one, so an organizer sees a profile that has work but no runner.
 * Read from our evaluations table rather than pg-boss's job table: it is the state teams see, and pg-boss's
 * schema is its own business.
 */
import "server-only";
import { count, eq, inArray, min, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { competitionOrganizers, evaluations } from "../../db/schema";
import { AppError } from "../errors";
import { RUNNING_EVALUATION_STATES } from "./evaluations";
import { isSiteAdmin } from "./site-admins";

export interface ProfileQueue {
  hardwareProfileId: string;
  waiting: number;
  running: number;
  oldestWaitingSince: Date | null;
}

/** Per profile with any waiting or running evaluation; organizers and site admins only, as the runners list. */
export async function queueOverview(db: Database, actorUserId: string | null): Promise<ProfileQueue[]> {
  if (!actorUserId) throw new AppError("UNAUTHENTICATED", "Sign in to see the queue.");
  const [organizer] = await db
    .select({ userId: competitionOrganizers.userId })
    .from(competitionOrganizers)
    .where(eq(competitionOrganizers.userId, actorUserId))
    .limit(1);
  if (!organizer && !(await isSiteAdmin(db, actorUserId)))
    throw new AppError("FORBIDDEN", "Only organizers and site admins can see the queue.");
  const rows = await db
    .select({
      hardwareProfileId: evaluations.hardwareProfileId,
      waiting: count(sql`case when ${evaluations.state} = 'queued' then 1 end`),
      running: count(sql`case when ${inArray(evaluations.state, [...RUNNING_EVALUATION_STATES])} then 1 end`),
      oldestWaitingSince: min(sql<Date>`case when ${evaluations.state} = 'queued' then ${evaluations.createdAt} end`),
    })
    .from(evaluations)
    .where(inArray(evaluations.state, ["queued", ...RUNNING_EVALUATION_STATES]))
    .groupBy(evaluations.hardwareProfileId)
    .orderBy(evaluations.hardwareProfileId);
  return rows.map((row) => ({
    ...row,
    oldestWaitingSince: row.oldestWaitingSince === null ? null : new Date(row.oldestWaitingSince),
  }));
}
