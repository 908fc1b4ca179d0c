/**
 * The evaluation queue, owned here: pg-boss in the same PostgreSQL (it creates and migrates its own `pgboss`
 * schema), one queue per hardware profile (`evaluate.<profile>`), its job options, the channel that wakes idle
 * runners, the adapter that runs pg-boss's statements inside our transactions, and the one place a pg-boss
 * instance is built, for each process that uses it. The evaluation's own rows and states are
 * lib/data/evaluations.ts's; the runner's loop over the queue is runner/queue.ts.
 */
import PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import type { DatabaseOrTransaction } from "../../db/client";

export const evaluationQueueName = (profileId: string) => `evaluate.${profileId}`;
/**
 * NOTIFY channel (payload: the profile) sent when an evaluation is queued, delivered at commit. Idle runners
 * LISTEN on it and claim at once instead of at their next poll (runner/main.ts); polling remains the fallback.
 */
export const EVALUATION_QUEUED_CHANNEL = "joulebench_evaluation_queued";

export interface EvaluationJobData {
  evaluationId?: string;
}

/**
 * A job whose runner died is retried at most this many times (three attempts in all). A job is only ever
 * retried for a runner's sake: a model that fails, fails once (see runner/worker/failure-kind.ts). Bounded,
 * because a model that kills whole runners (the host's OOM killer, a kernel bug) must not take down the fleet.
 */
export const EVALUATION_RETRY_LIMIT = 2;
/**
 * pg-boss fails an active job whose runner neither completed nor failed it within this time. It is only the
 * backstop: runners detect a dead peer by its heartbeat within seconds (runner/worker/reaper.ts). It must
 * exceed the longest allowed evaluation (the protocol's timeout is at most 6 h) or a slow but healthy
 * measurement would be handed to a second runner.
 */
export const EVALUATION_JOB_EXPIRE_IN_HOURS = 7;

/** What enqueueing and cancelling need of pg-boss (a started PgBoss satisfies it). */
export type EvaluationQueue = Pick<PgBoss, "send" | "createQueue" | "cancel">;

/**
 * pg-boss's statements, run on our connection or transaction (pg-boss's `db` option). Placeholders become
 * drizzle parameters, and values are serialized as node-postgres (pg-boss's own driver) would: arrays as
 * PostgreSQL array literals, objects as JSON, everything else as text for PostgreSQL to cast.
 */
export function queueDatabase(db: DatabaseOrTransaction): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const query = sql.empty();
      for (const part of text.split(/(\$\d+)/)) {
        const placeholder = /^\$(\d+)$/.exec(part);
        if (placeholder) query.append(sql`${toDriverValue(values[Number(placeholder[1]) - 1])}`);
        else if (part) query.append(sql.raw(part));
      }
      const rows = await db.execute(query);
      return { rows: [...rows] };
    },
  };
}

function toDriverValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((item) => `"${String(item).replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Who opens the queue, and what each needs of it. The runners run pg-boss's maintenance (which expires the jobs
 * of runners that vanished with no one left to notice, and archives old jobs); the site and the demo only send
 * and cancel jobs, so they run no maintenance or schedules of their own. No process uses pg-boss's schedules.
 */
const QUEUE_PROCESSES = {
  // Two connections: the maintenance and the occasional call outside our own transactions.
  runner: { max: 2, supervise: true },
  web: { max: 2, supervise: false },
  demo: { max: 1, supervise: false },
} as const satisfies Record<string, { max: number; supervise: boolean }>;

export type QueueProcess = keyof typeof QUEUE_PROCESSES;

/** A pg-boss instance for `process`, not started yet (start() it when the process first needs the queue). */
export function createEvaluationQueue(
  databaseUrl: string,
  process: QueueProcess,
  onError: (error: Error) => void,
): PgBoss {
  const { max, supervise } = QUEUE_PROCESSES[process];
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max,
    application_name: `joulebench-${process}`,
    supervise,
    schedule: false,
  });
  boss.on("error", onError);
  return boss;
}

export async function startEvaluationQueue(
  databaseUrl: string,
  process: QueueProcess,
  onError: (error: Error) => void,
): Promise<PgBoss> {
  const boss = createEvaluationQueue(databaseUrl, process, onError);
  await boss.start();
  return boss;
}
