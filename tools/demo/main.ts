/**
 * The demo, as `npm start` runs it beside the web app and the runner (a supervised child of ops/launch.ts, so
 * that training the baselines never holds the site up): fetches and verifies the data, creates the demo competitions, builds or
 * reuses the kit's baselines, submits them, then reports how far the measurements are until this machine's runner
 * has measured every baseline it can, and exits.
 */
import path from "node:path";
import { createDatabaseClient } from "../../db/client";
import { dataDirectory } from "../../db/database-server";
import { readEnvironment, siteUrl } from "../../lib/env";
import { isAppError } from "../../lib/errors";
import { artifactStoreFromEnvironment } from "../../lib/storage";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { ensureBaselinesBuilt } from "./baseline-build";
import { datasetsSource } from "../../ops/datasets/datasets-source";
import { ensureDatasets } from "../../ops/datasets/ensure-datasets";
import { demoManifestFiles, describeDataNotReady } from "./demo-data";
import { describeProgress, isDone, trackProgress } from "./demo-progress";
import { seedDemo, withDemoLock } from "./seed-demo";
import { demoTracks, submitDemoBaselines } from "./submit-baselines";
import { createEvaluationQueue } from "../../lib/queue/evaluation-queue";
import { submitSuperglueEntry } from "./superglue-entry";

const POLL_INTERVAL_MS = 5_000;
/** Repeat an unchanged line this often, so a glance at the terminal says the demo is still waiting, not stuck. */
const REPEAT_UNCHANGED_MS = 120_000;

async function main(): Promise<void> {
  const environment = readEnvironment();
  const log = (line: string) => console.log(line);
  if (environment.JOULEBENCH_DEMO === "0") return;
  const datasetsRoot = resolveDatasetsRoot();
  const readiness = await ensureDatasets({
    root: datasetsRoot,
    files: demoManifestFiles(),
    source: datasetsSource(environment.JOULEBENCH_DATASETS_MIRROR),
    memoryFile: path.join(dataDirectory(), "datasets-verified.json"),
    log: (line) => log(`Demo: ${line.trimStart()}`),
    bars: Boolean(process.stdout.isTTY),
  });
  if (!readiness.ready) {
    log(describeDataNotReady(readiness, datasetsRoot));
    return;
  }
  if (!environment.DATABASE_URL) throw new Error("DATABASE_URL is not set: the demo runs under `npm start`.");
  // One connection: the seed's advisory lock is held by the session that takes it.
  const client = createDatabaseClient(environment.DATABASE_URL, { max: 1 });
  const store = artifactStoreFromEnvironment();
  const queue = createEvaluationQueue(environment.DATABASE_URL, "demo", (error) => console.error("pg-boss:", error));
  try {
    const seed = await seedDemo(client.db, store);
    const created = seed.competitions.filter((competition) => competition.created).length;
    log(
      `Demo: ${seed.competitions.length} competitions (${created} created now): ${seed.competitions.map((competition) => competition.title).join("; ")}.`,
    );

    const { bundles, rebuilt } = await ensureBaselinesBuilt({
      outDir: path.join(dataDirectory(), "baselines"),
      datasetsRoot,
      log: (line) => log(`Demo: ${line}`),
    });
    if (rebuilt.length === 0)
      log(`Demo: reusing the ${bundles.length} baselines already built (unchanged kit and data).`);
    await queue.start();
    // Under the demo's lock: a second start at the same moment then finds these submissions instead of racing them.
    const { submitted, alreadyThere } = await withDemoLock(client.db, () =>
      submitDemoBaselines({ db: client.db, queue, store }, seed, bundles),
    );
    log(`Demo: ${submitted} baseline submissions queued now, ${alreadyThere} from earlier starts.`);
    // Last, so the runner measures it after every board above (it serves each profile oldest first).
    const superglue = await withDemoLock(client.db, () =>
      submitSuperglueEntry({ db: client.db, queue, store }, seed, {
        outDir: path.join(dataDirectory(), "baselines"),
        datasetsRoot,
        kitBundles: bundles,
        log: (line) => log(`Demo: ${line}`),
      }),
    );
    if (superglue.submitted > 0)
      log("Demo: the SuperGLUE-lite baselines entry (BoolQ, CB and RTE in one bundle) is queued.");

    const tracks = await demoTracks({ db: client.db }, seed);
    const served = new Set(environment.RUNNER_PROFILES.split(",").map((profile) => profile.trim()));
    const unserved = [...new Set(tracks.map((track) => track.profile).filter((profile) => !served.has(profile)))];
    if (unserved.length > 0) {
      log(
        `Demo: this machine's runner serves ${[...served].join(", ")}; the ${unserved.join(" and ")} boards stay empty until a runner serves them (docs/runners.md).`,
      );
    }
    await reportUntilMeasured(
      client.db,
      seed.teamId,
      tracks.filter((track) => served.has(track.profile)),
      siteUrl(environment),
      log,
    );
  } finally {
    await queue.stop({ graceful: false }).catch(() => undefined);
    await client.close();
  }
}

async function reportUntilMeasured(
  db: Parameters<typeof trackProgress>[0],
  teamId: string,
  tracks: Parameters<typeof trackProgress>[2],
  site: string,
  log: (line: string) => void,
): Promise<void> {
  const said = new Map<string, { line: string; at: number }>();
  for (;;) {
    const progress = (await trackProgress(db, teamId, tracks)).filter((entry) => entry.baselines > 0);
    for (const entry of progress) {
      const line = describeProgress(entry, site);
      const last = said.get(entry.track.id);
      if (last?.line === line && (isDone(entry) || Date.now() - last.at < REPEAT_UNCHANGED_MS)) continue;
      said.set(entry.track.id, { line, at: Date.now() });
      log(line);
    }
    if (progress.every(isDone)) {
      log("Demo: every baseline this machine can measure has been measured.");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

try {
  await main();
} catch (error) {
  // The site goes on without the demo: say why, exit non-zero so the launcher notes it, and do not retry.
  console.error(`Demo: stopped — ${isAppError(error) || error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
