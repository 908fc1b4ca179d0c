/**
 * `npm run bench:web`: seeds a board of 10,000 and then 100,000 finished submissions and loads its page and its
 * JSON export under concurrency with autocannon, against the production web app (built when stale, as
 * `npm run web` does) on its own database. Also times the board's uncached computation and prints the query's
 * EXPLAIN ANALYZE. Targets (issue 10): at 10,000 the page's p95 under 150 ms and the JSON over 500 requests/s;
 * at 100,000 no more than twice as slow. Writes <data dir>/bench/web-benchmark.json.
 *
 *   npm run bench:web -- [--sizes 10000,100000] [--duration 15] [--connections 10] [--port 3200] [--no-web] [--profile DIR]
 *                        [--change-every SECONDS]
 *
 * --change-every S changes one result of the board every S seconds while the load runs, as finished evaluations
 * do in a busy competition: each change makes the web app recompute the board (at most every 10x its computation
 * time), so the figures include that work. Without it the board does not change while it is loaded.
 * --no-web seeds and times the board's computation and query plan only (no web app, no load).
 * --profile DIR writes a V8 CPU profile of every web process into DIR (open it in Chrome's DevTools, or summarize it
 * with `npx tsx tools/bench/cpu-profile-summary.ts DIR`): where a request's time goes.
 */
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { sql as drizzleSql } from "drizzle-orm";
import postgres from "postgres";
import { createDatabaseClient } from "../../db/client";
import { dataDirectory, openDatabaseServer } from "../../db/database-server";
import { migrateToLatest } from "../../db/migrate";
import { boardRowsQuery, getBoard } from "../../lib/data/leaderboards";
import { prepareBoard } from "../../lib/ranking/prepare-board";
import { BENCH_COMPETITION, BENCH_TRACK, seedCompetition, seedSubmissions } from "./web-benchmark/seed";

const option = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
};
const sizes = option("sizes", "10000,100000").split(",").map(Number);
const duration = Number(option("duration", "15"));
const connections = Number(option("connections", "10"));
const port = Number(option("port", "3200"));
const base = `http://localhost:${port}`;
const withWeb = !process.argv.includes("--no-web");
const profileDirectory = option("profile", "");
const changeEverySeconds = Number(option("change-every", "0"));
if (!Number.isFinite(changeEverySeconds) || changeEverySeconds < 0) {
  throw new Error(`--change-every takes seconds between board changes (0: none), got "${option("change-every", "0")}"`);
}
const pagePath = `/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}`;
const jsonPath = `/api/v1/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}/leaderboard`;
/** What the page fetches once it is up, to re-rank and chart every entry in the browser. */
const entriesPath = `/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}/entries.json`;
/** Seconds of load before each measured run: the web process's JIT and connection pools warm up, not measured. */
const WARM_UP_SECONDS = 3;

interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** autocannon's summary has p90 and p97.5 but no p95, so every response time is kept and the percentiles taken here. */
/** While `during` runs, touches one result every --change-every seconds (an update fires the board-version trigger). */
async function withBoardChanges<T>(
  sql: postgres.Sql,
  during: () => Promise<T>,
): Promise<{ value: T; changes: number }> {
  if (!changeEverySeconds) return { value: await during(), changes: 0 };
  let changes = 0;
  const timer = setInterval(() => {
    changes += 1;
    void sql`update results set noisy = noisy where id = (select r.id from results r join evaluations e on e.id = r.evaluation_id join submissions s on s.id = e.submission_id where s.track_id = ${BENCH_TRACK} limit 1)`.catch(
      (error: unknown) => console.error("board change failed:", error),
    );
  }, changeEverySeconds * 1000);
  try {
    return { value: await during(), changes };
  } finally {
    clearInterval(timer);
  }
}

async function load(url: string): Promise<Load> {
  await new Promise<void>((resolve, reject) =>
    autocannon({ url, connections, duration: WARM_UP_SECONDS }, (error) => (error ? reject(error) : resolve())),
  );
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      times.push(responseTime),
    );
  });
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 900; attempt++) {
    const ok = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the web app did not become healthy in 15 minutes");
}

async function main(): Promise<void> {
  const benchDir = path.join(dataDirectory(), "bench");
  await mkdir(benchDir, { recursive: true });
  const server = await openDatabaseServer({ dataDir: path.join(benchDir, "postgres"), databaseName: "postgres" });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  await admin.unsafe("drop database if exists joulebench_bench_web with (force)");
  await admin.unsafe("create database joulebench_bench_web");
  await admin.end();
  const url = new URL(server.url);
  url.pathname = "/joulebench_bench_web";
  await migrateToLatest(url.toString());
  const client = createDatabaseClient(url.toString(), { max: 2 });
  await seedCompetition(client.sql);

  const web = !withWeb
    ? null
    : // node itself, not npx: npx does not pass SIGTERM on, and the launcher's relay (ops/own-session.ts) must get it.
      spawn(process.execPath, ["--import", "tsx", "ops/web.ts"], {
        stdio: ["ignore", "inherit", "inherit"],
        env: {
          ...process.env,
          PORT: String(port),
          DATABASE_URL: url.toString(),
          AUTH_URL: base,
          AUTH_SECRET: "bench-only-secret-not-used-anywhere-else-0123456789",
          JOULEBENCH_DATA_DIR: benchDir,
          NODE_ENV: "production",
          ...(profileDirectory
            ? {
                NODE_OPTIONS:
                  `${process.env.NODE_OPTIONS ?? ""} --require ${path.resolve("tools/bench/cpu-profile-preload.cjs")}`.trim(),
                JOULEBENCH_CPU_PROFILE_DIR: path.resolve(profileDirectory),
              }
            : {}),
        },
      });
  const figures: Record<string, unknown>[] = [];
  try {
    if (web) {
      const exited = new Promise<never>((_, reject) =>
        web.once("exit", (code) => reject(new Error(`the web app exited (code ${code}) before it was healthy`))),
      );
      await Promise.race([waitForHealth(), exited]);
    }
    let seeded = 0;
    for (const size of sizes) {
      const started = performance.now();
      await seedSubmissions(client.sql, seeded + 1, size);
      const seedSeconds = (performance.now() - started) / 1000;
      seeded = size;

      // The uncached computation: the board's query and its ranking, as the first visitor after a change pays it.
      const computeRuns: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        const board = await getBoard(client.db, null, { competitionSlug: BENCH_COMPETITION, trackId: BENCH_TRACK });
        prepareBoard(board.entries, board.track.rules, "team-best");
        computeRuns.push(performance.now() - t0);
      }
      const plan = (await client.db.execute(
        drizzleSql`explain (analyze, buffers) ${boardRowsQuery(BENCH_TRACK, "public", false)}`,
      )) as unknown as { "QUERY PLAN": string }[];
      const loadBefore = os.loadavg();
      console.log(
        `\n=== ${size} submissions (seeded in ${seedSeconds.toFixed(0)} s; load average before: ${loadBefore.map((v) => v.toFixed(2)).join(", ")}) ===`,
      );
      console.log(`uncached board (query + ranking), best of 3: ${Math.min(...computeRuns).toFixed(0)} ms`);
      console.log(plan.map((line) => line["QUERY PLAN"]).join("\n"));
      if (!web) {
        figures.push({ submissions: size, seedSeconds, uncachedBoardMs: Math.min(...computeRuns) });
        continue;
      }
      // Warm the web process's cache first: the first request after a change pays the uncached time above.
      for (const target of [pagePath, entriesPath, jsonPath])
        for (let i = 0; i < 3; i++) await fetch(`${base}${target}`).then((response) => response.arrayBuffer());

      const { value: page, changes: pageChanges } = await withBoardChanges(client.sql, () =>
        load(`${base}${pagePath}`),
      );
      const { value: entries } = await withBoardChanges(client.sql, () => load(`${base}${entriesPath}`));
      const { value: json } = await withBoardChanges(client.sql, () => load(`${base}${jsonPath}`));
      if (changeEverySeconds)
        console.log(`the board changed ${pageChanges} times during the page's load (every ${changeEverySeconds} s)`);
      const row = {
        submissions: size,
        seedSeconds,
        uncachedBoardMs: Math.min(...computeRuns),
        loadAverageBefore: loadBefore.map((value) => Number(value.toFixed(2))),
        page,
        entries,
        json,
        plan: plan.map((line) => line["QUERY PLAN"]).join("\n"),
      };
      figures.push(row);
      console.log(
        `page: ${page.requestsPerSecond.toFixed(0)} req/s, p50 ${page.p50Ms} ms, p95 ${page.p95Ms} ms, p99 ${page.p99Ms} ms, errors ${page.errors}, non-2xx ${page.non2xx}`,
      );
      console.log(
        `page entries: ${entries.requestsPerSecond.toFixed(0)} req/s, p50 ${entries.p50Ms} ms, p95 ${entries.p95Ms} ms, p99 ${entries.p99Ms} ms, errors ${entries.errors}, non-2xx ${entries.non2xx}`,
      );
      console.log(
        `json: ${json.requestsPerSecond.toFixed(0)} req/s, p50 ${json.p50Ms} ms, p95 ${json.p95Ms} ms, p99 ${json.p99Ms} ms, errors ${json.errors}, non-2xx ${json.non2xx}`,
      );
    }
  } finally {
    await client.close();
    if (web && web.exitCode === null) {
      web.kill("SIGTERM");
      await new Promise((resolve) => web.once("exit", resolve));
    }
    await server.stop();
  }
  const [small, large] = figures as { page?: Load; json?: Load }[];
  if (small?.page && small.json) {
    console.log(
      `\ntarget: page p95 < 150 ms at ${sizes[0]}: ${small.page.p95Ms < 150 ? "met" : "MISSED"} (${small.page.p95Ms} ms)`,
    );
    console.log(
      `target: JSON > 500 req/s at ${sizes[0]}: ${small.json.requestsPerSecond > 500 ? "met" : "MISSED"} (${small.json.requestsPerSecond.toFixed(0)})`,
    );
  }
  if (small?.page && small.json && large?.page && large.json) {
    const pageRatio = large.page.p95Ms / small.page.p95Ms;
    const jsonRatio = small.json.requestsPerSecond / large.json.requestsPerSecond;
    console.log(
      `target: at ${sizes[1]} no more than 2x slower: page p95 ×${pageRatio.toFixed(2)}, JSON throughput ÷${jsonRatio.toFixed(2)}: ${pageRatio <= 2 && jsonRatio <= 2 ? "met" : "MISSED"}`,
    );
  }
  await writeFile(
    path.join(benchDir, "web-benchmark.json"),
    `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, duration, connections, changeEverySeconds, figures }, null, 2)}\n`,
  );
}

await main();
