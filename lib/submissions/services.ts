/**
 * The web process's queue and artifact store, one of each per process. The queue is pg-boss on the same
 * PostgreSQL as the runners (they claim from it); the web process only sends and cancels jobs, so it runs no
 * maintenance or schedules of its own.
 */
import PgBoss from "pg-boss";
import { readEnvironment } from "../env";
import { artifactStoreFromEnvironment, type ArtifactStore } from "../storage";

let queue: Promise<PgBoss> | undefined;
let store: ArtifactStore | undefined;

export function webQueue(): Promise<PgBoss> {
  queue ??= (async () => {
    const url = readEnvironment().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Joulebench with `npm start` or `npm run web`.");
    const boss = new PgBoss({ connectionString: url, max: 2, application_name: "joulebench-web", supervise: false, schedule: false });
    boss.on("error", (error) => console.error("pg-boss:", error));
    await boss.start();
    return boss;
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
