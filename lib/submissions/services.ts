/**
 * The web process's queue and artifact store, one of each per process. The queue is the runners' own
 * (lib/queue/evaluation-queue.ts); the web process only sends and cancels jobs.
 */
import type PgBoss from "pg-boss";
import { readEnvironment } from "../env";
import { startEvaluationQueue } from "../queue/evaluation-queue";
import { artifactStoreFromEnvironment, type ArtifactStore } from "../storage";

let queue: Promise<PgBoss> | undefined;
let store: ArtifactStore | undefined;

export function webQueue(): Promise<PgBoss> {
  queue ??= (async () => {
    const url = readEnvironment().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Joulebench with `npm start` or `npm run web`.");
    return startEvaluationQueue(url, "web", (error) => console.error("pg-boss:", error));
  })().catch((error: unknown) => {
    queue = undefined;
    throw error;
  });
  return queue;
}

export function webArtifactStore(): ArtifactStore {
  store ??= artifactStoreFromEnvironment();
  return store;
}
