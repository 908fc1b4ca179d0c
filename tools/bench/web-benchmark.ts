/**
 * `npm run bench:web`: seeds a board of 10,000 and then 100,000 finished submissions and loads its page and its
 * JSON export under concurrency with autocannon, against the production web app (built when stale, as
 * `npm run web` does) on its own database. Also times the board's uncached computation and prints the query's
 * EXPLAIN ANALYZE. Targets (issue 17): at 10,000 the board page's and the home page's p95 under 60 ms and over 250
 * requests/s, the JSON over 500 requests/s; at 100,000 no more than twice as slow. Writes
 * <data dir>/bench/web-benchmark.json.
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
import { type ChildProcess, spawn } from "node:child_process";
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
/** The pages are also loaded from a second web app with the page cache off: the "before" in the same command. */
const withUncached = !process.argv.includes("--no-uncached");
/** --only page,json: measure only these loads (names as printed). */
const only = option("only", "").split(",").filter(Boolean);
const LOAD_NAMES = ["page", "home", "entries", "json", "jsonUncompressed", "pageWithoutCache", "homeWithoutCache"];
const unknownLoads = only.filter((name) => !LOAD_NAMES.includes(name));
if (unknownLoads.length > 0) {
  throw new Error(`--only names no load called ${unknownLoads.join(", ")}; the loads: ${LOAD_NAMES.join(", ")}`);
}
const uncachedPort = port + 1;
const profileDirectory = option("profile", "");
const changeEverySeconds = Number(option("change-every", "0"));
if (!Number.isFinite(changeEverySeconds) || changeEverySeconds < 0) {
  throw new Error(`--change-every takes seconds between board changes (0: none), got "${option("change-every", "0")}"`);
}
const pagePath = `/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}`;
const jsonPath = `/api/v1/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}/leaderboard`;
/** The home page leads with the open competitions and the flagship board's top entries, so it reads the board too. */
const homePath = "/";
/** What the page fetches once it is up, to re-rank and chart every entry in the browser. */
const entriesPath = `/competitions/${BENCH_COMPETITION}/tracks/${BENCH_TRACK}/entries.json`;
/** Seconds of load before each measured run: the web process's JIT and connection pools warm up, not measured. */
const WARM_UP_SECONDS = 3;
/** Issue 17's targets at the first size: pages as fast as a static page, the JSON export as before. */
const PAGE_P95_TARGET_MS = 60;
/** Every browser asks for a compressed answer, and compressing is part of what a response costs. */
const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br" };
const PAGE_RATE_TARGET = 250;
const JSON_RATE_TARGET = 500;

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

async function load(url: string, headers: Record<string, string> = BROWSER_HEADERS): Promise<Load> {
  await new Promise<void>((resolve, reject) =>
    autocannon({ url, connections, duration: WARM_UP_SECONDS, headers }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers }, (error, done) =>
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

async function waitForHealth(webBase: string): Promise<void> {
  for (let attempt = 0; attempt < 900; attempt++) {
    const ok = await fetch(`${webBase}/api/health`).then(
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

  // node itself, not npx: npx does not pass SIGTERM on, and the launcher's relay (ops/own-session.ts) must get it.
  const startWeb = (webPort: number, pageCache: boolean) =>
    spawn(process.execPath, ["--import", "tsx", "ops/web.ts"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        PORT: String(webPort),
        DATABASE_URL: url.toString(),
        AUTH_URL: `http://localhost:${webPort}`,
        AUTH_SECRET: "bench-only-secret-not-used-anywhere-else-0123456789",
        JOULEBENCH_DATA_DIR: benchDir,
        JOULEBENCH_PAGE_CACHE: pageCache ? "1" : "0",
        // The load comes from one address: the API's per-address limit (1,200 a minute) would answer most of it
        // with 429, and the figures would measure the limiter.
        API_RATE_LIMIT_PER_ADDRESS: "1000000",
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
  const healthy = async (web: ChildProcess, webPort: number) => {
    const exited = new Promise<never>((_, reject) =>
      web.once("exit", (code) => reject(new Error(`the web app exited (code ${code}) before it was healthy`))),
    );
    await Promise.race([waitForHealth(`http://localhost:${webPort}`), exited]);
  };
  const web = withWeb ? startWeb(port, true) : null;
  let uncachedWeb: ChildProcess | null = null;
  const figures: Record<string, unknown>[] = [];
  try {
    if (web) await healthy(web, port);
    // Started after the first is up: both launchers would otherwise build the app at once.
    if (web && withUncached) {
      uncachedWeb = startWeb(uncachedPort, false);
      await healthy(uncachedWeb, uncachedPort);
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
      // Warm the web processes' caches first: the first request after a change pays the uncached time above.
      const uncachedBase = `http://localhost:${uncachedPort}`;
      for (const target of [pagePath, homePath, entriesPath, jsonPath])
        for (const webBase of uncachedWeb ? [base, uncachedBase] : [base])
          for (let i = 0; i < 3; i++) await fetch(`${webBase}${target}`).then((response) => response.arrayBuffer());

      const measured: Record<string, Load> = {};
      const loads: Array<[string, string, Record<string, string>?]> = [
        ["page", `${base}${pagePath}`],
        ["home", `${base}${homePath}`],
        ["entries", `${base}${entriesPath}`],
        ["json", `${base}${jsonPath}`],
        // A script that does not ask for compression (curl without --compressed), as the earlier runs measured.
        ["jsonUncompressed", `${base}${jsonPath}`, { "accept-encoding": "identity" }],
        ...(uncachedWeb
          ? ([
              ["pageWithoutCache", `${uncachedBase}${pagePath}`],
              ["homeWithoutCache", `${uncachedBase}${homePath}`],
            ] as Array<[string, string]>)
          : []),
      ];
      let pageChanges = 0;
      for (const [name, target, headers] of loads) {
        if (only.length > 0 && !only.includes(name)) continue;
        const { value, changes } = await withBoardChanges(client.sql, () => load(target, headers));
        measured[name] = value;
        if (name === "page") pageChanges = changes;
        console.log(
          `${name}: ${value.requestsPerSecond.toFixed(0)} req/s, p50 ${value.p50Ms.toFixed(1)} ms, p95 ${value.p95Ms.toFixed(1)} ms, p99 ${value.p99Ms.toFixed(1)} ms, errors ${value.errors}, non-2xx ${value.non2xx}`,
        );
      }
      if (changeEverySeconds)
        console.log(`the board changed ${pageChanges} times during the page's load (every ${changeEverySeconds} s)`);
      figures.push({
        submissions: size,
        seedSeconds,
        uncachedBoardMs: Math.min(...computeRuns),
        loadAverageBefore: loadBefore.map((value) => Number(value.toFixed(2))),
        ...measured,
        plan: plan.map((line) => line["QUERY PLAN"]).join("\n"),
      });
    }
  } finally {
    await client.close();
    for (const process of [web, uncachedWeb]) {
      if (process && process.exitCode === null) {
        process.kill("SIGTERM");
        await new Promise((resolve) => process.once("exit", resolve));
      }
    }
    await server.stop();
  }
  const [small, large] = figures as { page?: Load; home?: Load; json?: Load }[];
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  // A figure with failed or refused answers measures the failures, not the pages.
  const clean = (figure: Load) => figure.errors === 0 && figure.non2xx === 0;
  if (small?.page && small.home && small.json) {
    for (const [name, figure] of [
      ["board page", small.page],
      ["home page", small.home],
    ] as const) {
      console.log(
        `\ntarget: ${name} p95 < ${PAGE_P95_TARGET_MS} ms and > ${PAGE_RATE_TARGET} req/s at ${sizes[0]}: ${verdict(clean(figure) && figure.p95Ms < PAGE_P95_TARGET_MS && figure.requestsPerSecond > PAGE_RATE_TARGET)} (${figure.p95Ms} ms, ${figure.requestsPerSecond.toFixed(0)} req/s)`,
      );
    }
    console.log(
      `target: JSON > ${JSON_RATE_TARGET} req/s at ${sizes[0]}: ${verdict(clean(small.json) && small.json.requestsPerSecond > JSON_RATE_TARGET)} (${small.json.requestsPerSecond.toFixed(0)})`,
    );
  }
  if (small?.page && small.home && small.json && large?.page && large.home && large.json) {
    const pageRatio = large.page.p95Ms / small.page.p95Ms;
    const homeRatio = large.home.p95Ms / small.home.p95Ms;
    const jsonRatio = small.json.requestsPerSecond / large.json.requestsPerSecond;
    console.log(
      `target: at ${sizes[1]} no more than 2x slower: board page p95 ×${pageRatio.toFixed(2)}, home page p95 ×${homeRatio.toFixed(2)}, JSON throughput ÷${jsonRatio.toFixed(2)}: ${verdict(pageRatio <= 2 && homeRatio <= 2 && jsonRatio <= 2)}`,
    );
  }
  for (const figure of figures as Array<{ submissions: number } & Partial<Record<string, Load>>>) {
    for (const name of ["page", "home"]) {
      const cached = figure[name];
      const rendered = figure[`${name}WithoutCache`];
      if (!cached || !rendered) continue;
      console.log(
        `${name} at ${figure.submissions}, page cache on against off: ×${(cached.requestsPerSecond / rendered.requestsPerSecond).toFixed(1)} the requests/s, p95 ×${(cached.p95Ms / rendered.p95Ms).toFixed(2)}`,
      );
    }
  }
  await writeFile(
    path.join(benchDir, "web-benchmark.json"),
    `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, duration, connections, changeEverySeconds, figures }, null, 2)}\n`,
  );
}

await main();
