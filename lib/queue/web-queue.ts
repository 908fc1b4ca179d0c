/**
 * The web process's handle on the evaluation queue: a pg-boss instance that only sends and cancels jobs (an
 * organizer's re-run, a team's submission). It runs no workers and no maintenance (`supervise: false`): the
 * runners do that (runner/queue.ts). One per process, started on first use.
 */
import PgBoss from "pg-boss";
import type { EvaluationQueue } from "../data/evaluations";

let started: Promise<PgBoss> | undefined;

export function getEvaluationQueue(): Promise<EvaluationQueue> {
  if (!started) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set. Start Joulebench with `npm start` or `npm run web`.");
    const boss = new PgBoss({ connectionString: url, max: 2, supervise: false, schedule: false, application_name: "joulebench-web" });
    boss.on("error", (error) => console.error("evaluation queue:", error));
    started = boss.start().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
  }
  return started;
}
