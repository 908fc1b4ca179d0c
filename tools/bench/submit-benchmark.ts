/**
 * Issue 9's measured targets for submitting, against API v1's real route handlers in a process of their own
 * (tools/bench/submit-benchmark/api-server.ts), a real database, the local artifact store and a real idle runner:
 *   (a) a 1 GiB upload raises the web process's peak memory (VmHWM) by less than 64 MB;
 *   (b) an oversize upload (limit 8 MiB, body endless) is refused within the first megabytes past the limit;
 *   (c) upload end → the runner's first report on the evaluation (its "validating" event), with the runner idle:
 *       p95 under 3 s;
 *   (d) 50 concurrent uploads by one team against a total quota of 5: exactly 5 accepted, every other one told why;
 *   (e) a "200x" bundle (a valid model of about 100 MiB that deflates to under 1 MiB, just within the zip limits'
 *       compression ratio): the web process's peak memory rises by less than 64 MB while it is checked.
 * Results go to .data/bench/submit-<timestamp>.json; docs/BENCHMARKS.md records them.
 *
 *   npm run bench:submit                       full (1 GiB, 20 latency samples)
 *   npm run bench:submit -- --size-mib 64 --samples 5     a quick run
 *   npm run bench:submit -- --zip-only                   only (e)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { and, asc, eq, ne } from "drizzle-orm";
import { createDatabaseClient } from "../../db/client";
import { evaluationEvents, evaluations } from "../../db/schema";
import { writeZip } from "../../test-support/bundle/build-zip";
import { writeInflatingBundle } from "./submit-benchmark/inflating-bundle";
import { createApiToken } from "../../lib/data/api-tokens";
import { percentile } from "../../lib/statistics/sample-statistics";
import { openMigratedDatabaseOrExit } from "../../ops/prepare";
import { IN_SESSION_FLAG } from "../../ops/own-session";
import { seedCompetition, writeFixtureBundle } from "../../test-support/competition-fixture";
import { ApiError, uploadBundle } from "../../runner/cli/api-client";

const { values: flags } = parseArgs({
  options: {
    "size-mib": { type: "string", default: "1024" },
    samples: { type: "string", default: "20" },
    out: { type: "string", default: ".data/bench" },
    "zip-only": { type: "boolean", default: false },
  },
});
const sizeMib = Number(flags["size-mib"]);
const samples = Number(flags.samples);
const MIB = 1024 * 1024;
/** Thrown to skip from (e) to the clean-up when only (e) was asked for. */
class ZipOnlyDone extends Error {}

const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-bench-submit-"));
process.env.JOULEBENCH_DATA_DIR = path.join(workDir, "data");
const database = await openMigratedDatabaseOrExit();
process.env.DATABASE_URL = database.url;
const client = createDatabaseClient(database.url, { max: 4 });
const db = client.db;
const children: ChildProcess[] = [];

function start(
  script: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        const match = ready.exec(line);
        if (match) resolve({ child, match });
      });
    }
    child.once("exit", (code) => reject(new Error(`${script.join(" ")} exited with ${code}`)));
  });
}

const highWaterMarkBytes = async (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

try {
  const { child: web, match } = await start(["tools/bench/submit-benchmark/api-server.ts"], {}, /^listening (\S+)/);
  const url = match[1]!;
  const big = await seedCompetition(db, { maxBundleBytes: (sizeMib + 64) * MIB });
  const credentials = {
    url,
    token: (await createApiToken(db, big.ownerId, { teamId: big.teamId, name: "bench" })).token,
  };
  const submit = (slug: string, trackId: string, file: string, name = "bench") =>
    uploadBundle<{ submissions: { id: string; evaluationId: string }[] }>(
      credentials,
      slug,
      { name, trackIds: [trackId] },
      file,
      () => {},
    );

  // (a) Warm the handlers first (module loading, connection pools), so the peak that follows is the upload's.
  await submit(big.competitionSlug, big.trackId, await writeFixtureBundle(path.join(workDir, "warm.zip"), { seed: 1 }));

  // (e) The 200x bundle, before (a) so that the high-water mark is still the warm-up's.
  const inflatingPath = path.join(workDir, "inflating.zip");
  const inflating = await writeInflatingBundle(inflatingPath, 100 * MIB);
  const zipBefore = await highWaterMarkBytes(web.pid!);
  const zipOutcome = await submit(big.competitionSlug, big.trackId, inflatingPath, "inflating").then(
    () => "accepted",
    (error: unknown) =>
      error instanceof ApiError ? `${error.failure.code} ${error.failure.message.slice(0, 120)}` : String(error),
  );
  const zipAfter = await highWaterMarkBytes(web.pid!);
  const inflatingZip = {
    ...inflating,
    outcome: zipOutcome,
    peakBeforeMiB: zipBefore / MIB,
    peakAfterMiB: zipAfter / MIB,
    increaseMiB: (zipAfter - zipBefore) / MIB,
  };
  console.log("(e) 200x bundle", inflatingZip);
  if (flags["zip-only"]) {
    const verdict = (zipAfter - zipBefore) / 1e6 < 64;
    console.log(`${verdict ? "PASS" : "MISS"} (e) 200x bundle: peak memory rise < 64 MB`);
    throw new ZipOnlyDone();
  }

  const before = await highWaterMarkBytes(web.pid!);
  const largePath = path.join(workDir, "large.zip");
  // The padding keeps the whole bundle under the validator's 1 GiB uncompressed limit (lib/bundle/safe-unzip.ts).
  await writeLargeBundle(largePath, sizeMib * MIB - 2 * MIB);
  const uploadStarted = performance.now();
  const large = await submit(big.competitionSlug, big.trackId, largePath, "large").then(
    () => "accepted",
    (error: unknown) => (error instanceof ApiError ? error.failure.code : String(error)),
  );
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;
  const after = await highWaterMarkBytes(web.pid!);
  await rm(largePath);
  const memory = {
    sizeMib,
    outcome: large,
    peakBeforeMiB: before / MIB,
    peakAfterMiB: after / MIB,
    increaseMiB: (after - before) / MIB,
    uploadSeconds,
  };
  console.log("(a) memory", memory);

  // (b) An endless body against an 8 MiB limit: how much was sent before the refusal came back.
  const small = await seedCompetition(db, { maxBundleBytes: 8 * MIB });
  const smallCredentials = {
    url,
    token: (await createApiToken(db, small.ownerId, { teamId: small.teamId, name: "bench" })).token,
  };
  let sentBytes = 0;
  const cutoff = await uploadBundle(
    smallCredentials,
    small.competitionSlug,
    { name: "huge", trackIds: [small.trackId] },
    await bigFile(path.join(workDir, "oversize.bin"), 512 * MIB),
    (sent) => {
      sentBytes = sent;
    },
  ).then(
    () => "accepted",
    (error: unknown) => (error instanceof ApiError ? error.failure.code : String(error)),
  );
  const oversize = {
    limitMiB: 8,
    outcome: cutoff,
    sentBeforeRefusalMiB: sentBytes / MIB,
    pastLimitMiB: sentBytes / MIB - 8,
  };
  console.log("(b) oversize", oversize);

  // (c) Upload end → the runner's first event, with an idle runner (it waits for work between samples).
  const latency = await seedCompetition(db);
  const latencyCredentials = {
    url,
    token: (await createApiToken(db, latency.ownerId, { teamId: latency.teamId, name: "bench" })).token,
  };
  await start(
    ["runner/main.ts", IN_SESSION_FLAG],
    {
      RUNNER_PROFILES: "cpu-1t",
      JOULEBENCH_DATASETS_DIR: latency.datasetsDir,
      JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify({
        blocks: 1,
        warmupQueries: 2,
        minQueries: 10,
        minDurationMs: 100,
        throughputMinDurationMs: 100,
        maxReruns: 0,
      }),
    },
    /^runner \S+ registered/,
  );
  // A fresh runner's first evaluation also builds its sandboxed child and warms its caches: not the idle case.
  const warmUp = await uploadBundle<{ submissions: { evaluationId: string }[] }>(
    latencyCredentials,
    latency.competitionSlug,
    { name: "warm-up", trackIds: [latency.trackId] },
    await writeFixtureBundle(path.join(workDir, "latency-warm.zip"), { seed: 999 }),
    () => {},
  );
  await waitFor(async () => {
    const [row] = await db
      .select({ state: evaluations.state })
      .from(evaluations)
      .where(eq(evaluations.id, warmUp.submissions[0]!.evaluationId));
    return row && ["finished", "failed", "cancelled"].includes(row.state) ? row.state : undefined;
  });
  const delays: number[] = [];
  for (let index = 0; index < samples; index += 1) {
    const file = await writeFixtureBundle(path.join(workDir, `latency-${index}.zip`), { seed: 1000 + index });
    // The upload ends when its last byte is sent; the answer comes only after the bundle is checked and queued.
    let uploadEnd = 0;
    const accepted = await uploadBundle<{ submissions: { evaluationId: string }[] }>(
      latencyCredentials,
      latency.competitionSlug,
      { name: `l${index}`, trackIds: [latency.trackId] },
      file,
      (sent, total) => {
        if (sent === total) uploadEnd = Date.now();
      },
    );
    const evaluationId = accepted.submissions[0]!.evaluationId;
    const firstReport = await waitFor(async () => {
      const [event] = await db
        .select({ at: evaluationEvents.at })
        .from(evaluationEvents)
        .where(and(eq(evaluationEvents.evaluationId, evaluationId), ne(evaluationEvents.state, "queued")))
        .orderBy(asc(evaluationEvents.at))
        .limit(1);
      return event?.at;
    });
    delays.push((firstReport.getTime() - uploadEnd) / 1000);
    await waitFor(async () => {
      const [row] = await db
        .select({ state: evaluations.state })
        .from(evaluations)
        .where(eq(evaluations.id, evaluationId));
      return row && ["finished", "failed", "cancelled"].includes(row.state) ? row.state : undefined;
    });
    // Idle again before the next sample, as a runner between submissions is.
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 2000));
  }
  const firstReport = {
    samples: delays.length,
    p50Seconds: percentile(delays, 50),
    p95Seconds: percentile(delays, 95),
    maxSeconds: Math.max(...delays),
    delaysSeconds: delays,
  };
  console.log("(c) upload end → first runner report", firstReport);

  // (d) 50 uploads at once, quota 5.
  const race = await seedCompetition(db, { phase: { submissionsTotal: 5 } });
  const raceCredentials = {
    url,
    token: (await createApiToken(db, race.ownerId, { teamId: race.teamId, name: "bench" })).token,
  };
  const files = await Promise.all(
    Array.from({ length: 50 }, (_, index) =>
      writeFixtureBundle(path.join(workDir, `race-${index}.zip`), { seed: 5000 + index }),
    ),
  );
  const outcomes = await Promise.all(
    files.map((file, index) =>
      uploadBundle(
        raceCredentials,
        race.competitionSlug,
        { name: `r${index}`, trackIds: [race.trackId] },
        file,
        () => {},
      ).then(
        () => "accepted",
        (error: unknown) => (error instanceof ApiError ? error.failure.code : String(error)),
      ),
    ),
  );
  const counts = outcomes.reduce<Record<string, number>>(
    (tally, outcome) => ({ ...tally, [outcome]: (tally[outcome] ?? 0) + 1 }),
    {},
  );
  console.log("(d) 50 concurrent uploads against quota 5", counts);

  const verdicts = {
    "(a) peak memory rise < 64 MB": memory.outcome === "accepted" && (after - before) / 1e6 < 64,
    "(b) refused within 8 MiB past the limit": oversize.outcome === "TOO_LARGE" && oversize.pastLimitMiB < 8,
    "(c) first runner report p95 < 3 s": firstReport.p95Seconds < 3,
    "(d) exactly 5 of 50 accepted, the rest QUOTA_EXCEEDED": counts.accepted === 5 && counts.QUOTA_EXCEEDED === 45,
    "(e) 200x bundle: peak memory rise < 64 MB": (inflatingZip.increaseMiB * MIB) / 1e6 < 64,
  };
  for (const [target, met] of Object.entries(verdicts)) console.log(`${met ? "PASS" : "MISS"} ${target}`);
  const report = { at: new Date().toISOString(), memory, oversize, firstReport, quota: counts, inflatingZip, verdicts };
  await mkdir(flags.out!, { recursive: true });
  const outFile = path.join(flags.out!, `submit-${report.at.replace(/[:.]/g, "-")}.json`);
  await writeFile(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${outFile}`);
} catch (error) {
  if (!(error instanceof ZipOnlyDone)) throw error;
} finally {
  for (const child of children) child.kill("SIGTERM");
  await client.close();
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}
process.exit(0);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A valid bundle padded with an external-data file of random bytes (incompressible, so no zip-bomb ratio). */
async function writeLargeBundle(zipPath: string, bytes: number): Promise<void> {
  const padding = await bigFile(`${zipPath}.data`, bytes);
  const base = path.join(path.dirname(zipPath), "base.zip");
  await writeFixtureBundle(base, { seed: 2 });
  const yauzl = await import("yauzl");
  const entries = await new Promise<{ name: string; data: Buffer }[]>((resolve, reject) => {
    const found: { name: string; data: Buffer }[] = [];
    yauzl.open(base, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.readEntry();
      zip.on("entry", (entry: { fileName: string }) =>
        zip.openReadStream(entry as never, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            found.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        }),
      );
      zip.on("end", () => resolve(found));
    });
  });
  const { createReadStream } = await import("node:fs");
  await writeZip(zipPath, [...entries, { name: "weights.data", stream: createReadStream(padding), compress: false }]);
  await rm(padding);
}

async function bigFile(filePath: string, bytes: number): Promise<string> {
  const { randomFillSync } = await import("node:crypto");
  const chunk = randomFillSync(Buffer.alloc(MIB));
  const out = createWriteStream(filePath);
  for (let written = 0; written < bytes; written += MIB) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return filePath;
}
