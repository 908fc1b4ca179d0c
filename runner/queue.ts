/**
 * The evaluation queue, on pg-boss in the same PostgreSQL (it creates and migrates its own `pgboss` schema).
 * One queue per hardware profile, so that a runner only ever claims work for hardware it has.
 */
import PgBoss from "pg-boss";

export interface EvaluationJobData {
  evaluationId?: string;
}

export const evaluationQueueName = (profileId: string) => `evaluate.${profileId}`;

export async function startQueue(databaseUrl: string, onError: (error: Error) => void): Promise<PgBoss> {
  // Two connections: one for polling, one for completing jobs and maintenance.
  const boss = new PgBoss({ connectionString: databaseUrl, max: 2, application_name: "joulebench-runner" });
  boss.on("error", onError);
  await boss.start();
  return boss;
}

export async function createEvaluationQueues(boss: PgBoss, profiles: string[]): Promise<void> {
  for (const profile of profiles) {
    // createQueue is idempotent in pg-boss 10 (insert ... on conflict do nothing).
    await boss.createQueue(evaluationQueueName(profile));
  }
}

/**
 * Works a profile's queue one job at a time: a measurement needs the whole machine, so a second job running
 * beside it would disturb both. The handler's promise decides the job's fate (resolve: completed, throw: failed).
 */
export async function workEvaluations(
  boss: PgBoss,
  profile: string,
  handler: (job: PgBoss.Job<EvaluationJobData>) => Promise<void>,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<string> {
  return boss.work<EvaluationJobData>(
    evaluationQueueName(profile),
    { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async (jobs) => {
      for (const job of jobs) await handler(job);
    },
  );
}
