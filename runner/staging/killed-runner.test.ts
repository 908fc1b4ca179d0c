/**
 * Real runner processes, SIGKILLed one after another while they measure, on one host (one temp folder, one data
 * folder): each new runner must find nothing of the killed runners' staged copies left once it has started, the
 * last one must leave nothing at all when it stops, and at no moment may anything staged be open to other users
 * (the folders and files are sampled every few milliseconds while the measurements run).
 */
import type { ChildProcess } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { enqueueEvaluation } from "../../lib/data/evaluations";
import {
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";
import { spawnRunnerProcess } from "../../test-support/runner/runner-process";

const testDb = useTestDatabase();
const KILLS = 3;
// About a second of measuring per evaluation: long enough to be caught in it, short enough for a test.
const PROTOCOL = {
  blocks: 2,
  warmupQueries: 4,
  minQueries: 20,
  minDurationMs: 800,
  throughputMinDurationMs: 300,
  maxReruns: 0,
};

let track: EvaluationTrack;
let sender: PgBoss;
/** The runners' temp folder (TMPDIR): where they stage, and where a host's leftovers would be. */
let temp: string;
let dataDir: string;
const started: { child: ChildProcess; exited: Promise<unknown> }[] = [];

interface Entry {
  path: string;
  mode: number;
  gid: number;
  bytes: number;
}

/** Everything under the runners' temp folder that a runner made (joulebench-*), and under their job folders. */
function stagedEntries(): Entry[] {
  const found: Entry[] = [];
  const walk = (dir: string, top: boolean) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // removed while we looked
    }
    for (const name of names) {
      if (top && dir === temp && !name.startsWith("joulebench-")) continue;
      const full = path.join(dir, name);
      try {
        const info = lstatSync(full);
        if (info.isSymbolicLink()) continue;
        found.push({ path: full, mode: info.mode & 0o777, gid: info.gid, bytes: info.isFile() ? info.size : 0 });
        if (info.isDirectory()) walk(full, false);
      } catch {
        // removed while we looked
      }
    }
  };
  walk(temp, true);
  walk(path.join(dataDir, "runner-jobs"), true);
  return found;
}

/** What is left in the temp folder and the job folders, by top-level entry. */
function leftovers(): string[] {
  const top = (entry: Entry) => {
    const relative = path.relative(entry.path.startsWith(temp) ? temp : path.join(dataDir, "runner-jobs"), entry.path);
    return relative.split(path.sep)[0]!;
  };
  return [...new Set(stagedEntries().map(top))].sort();
}

const sampled = { samples: 0, withInputs: 0, inputGroups: new Set<number>(), openToOthers: new Set<string>() };
function sample(): void {
  sampled.samples += 1;
  const entries = stagedEntries();
  if (entries.some((entry) => entry.path.endsWith(`${path.sep}job.json`))) sampled.withInputs += 1;
  for (const entry of entries) {
    if (entry.mode & 0o007) sampled.openToOthers.add(`${path.relative(temp, entry.path)} ${entry.mode.toString(8)}`);
    // A copy opened to its group (while being written it is owner-only, root's).
    if (entry.path.endsWith(`${path.sep}job.json`) && entry.mode & 0o040) sampled.inputGroups.add(entry.gid);
  }
}

function spawnRunner(lines: string[]) {
  let registered: (id: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (registered = resolve));
  const child = spawnRunnerProcess({
    databaseUrl: testDb.url,
    datasetsDir: track.datasetsDir,
    dataDir,
    protocol: PROTOCOL,
    env: { TMPDIR: temp },
    onLine: (line) => {
      lines.push(line);
      const match = /^runner (\S+) registered/.exec(line);
      if (match) registered(match[1]!);
    },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  started.push({ child, exited });
  return { child, ready, exited };
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  track = await seedEvaluationTrack(testDb.db);
  dataDir = path.join(track.tempDir, "data");
  // Like the system temp folder: every user may pass through (the sandbox user must), nobody else may list it.
  temp = await mkdtemp(path.join(os.tmpdir(), "joulebench-host-temp-"));
  await chmod(temp, 0o711);
  sender = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await sender.start();
});

afterAll(async () => {
  for (const runner of started)
    if (runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill("SIGKILL");
  await Promise.all(started.map((runner) => runner.exited));
  await sender?.stop({ graceful: false, wait: true });
  await track?.cleanup();
  await rm(temp, { recursive: true, force: true });
});

describe("a runner killed while it measures", () => {
  it("leaves nothing staged once the next runner has started, and nothing staged is ever open to other users", async () => {
    const evaluationIds: string[] = [];
    for (let index = 0; index <= KILLS; index += 1) {
      evaluationIds.push(
        (await enqueueEvaluation(testDb.db, sender, { submissionId: await createSubmission(testDb.db, track) }))
          .evaluationId,
      );
    }
    const sampler = setInterval(sample, 15);
    const lines: string[] = [];
    const leftByKills: string[][] = [];
    const leftAfterRestart: string[][] = [];
    try {
      for (let kill = 1; kill <= KILLS + 1; kill += 1) {
        const stagedBefore = new Set(stagedEntries().map((entry) => entry.path));
        const runner = spawnRunner(lines);
        const runnerId = await Promise.race([
          runner.ready,
          runner.exited.then(() => Promise.reject(new Error(`runner exited:\n${lines.join("\n")}`))),
        ]);
        // Started: whatever the killed runner staged is gone already, before this one has measured anything.
        if (kill > 1) leftAfterRestart.push(leftByKills.at(-1)!.filter((entry) => leftovers().includes(entry)));
        if (kill > KILLS) break;
        const pid = runner.child.pid!;
        await eventually(
          `runner ${kill} measuring with its copies staged`,
          async () => {
            const [row] = await testDb.db
              .select({ id: evaluations.id })
              .from(evaluations)
              .where(
                and(
                  inArray(evaluations.id, evaluationIds),
                  eq(evaluations.runnerId, runnerId),
                  eq(evaluations.state, "measuring"),
                ),
              );
            const staged = stagedEntries().some(
              (entry) => entry.path.endsWith(`${path.sep}job.json`) && !stagedBefore.has(entry.path),
            );
            return row && staged ? row : undefined;
          },
          120_000,
        );
        sample();
        runner.child.kill("SIGKILL");
        await runner.exited;
        leftByKills.push(leftovers());
        expect.soft(leftByKills.at(-1), `what runner ${kill} (pid ${pid}) left when it was killed`).not.toEqual([]);
      }
      await eventually(
        "every evaluation over",
        async () => {
          const rows = await testDb.db
            .select({ state: evaluations.state })
            .from(evaluations)
            .where(inArray(evaluations.id, evaluationIds));
          return rows.every((row) => ["finished", "failed"].includes(row.state)) ? rows : undefined;
        },
        300_000,
      );
    } finally {
      clearInterval(sampler);
    }
    const last = started.at(-1)!;
    last.child.kill("SIGTERM");
    await last.exited;
    const leftAtEnd = stagedEntries();
    const figure = `${KILLS} kills left ${leftByKills.map((entries) => entries.length).join(", ")} staged folder(s); after restarts ${leftAfterRestart.map((entries) => entries.length).join(", ")}; after the last runner stopped ${leftovers().length} (${leftAtEnd.reduce((sum, entry) => sum + entry.bytes, 0)} bytes)`;
    console.log(
      `${figure}; ${sampled.samples} samples, ${sampled.withInputs} with evaluation inputs staged; open to other users: ${sampled.openToOthers.size}`,
    );

    for (const [index, entries] of leftAfterRestart.entries())
      expect.soft(entries, `left by runner ${index + 1} after runner ${index + 2} started`).toEqual([]);
    expect.soft(leftovers(), "left after the last runner stopped").toEqual([]);
    expect.soft(sampled.withInputs, "samples taken while evaluation inputs were staged").toBeGreaterThan(0);
    expect.soft([...sampled.openToOthers].slice(0, 20), "staged entries open to other users").toEqual([]);
    if (process.getuid?.() === 0) {
      // A root runner's sandbox user reads its copies through a group made for the attempt, never root's own.
      expect.soft(sampled.inputGroups.size, "staged job files seen").toBeGreaterThan(0);
      expect
        .soft(
          [...sampled.inputGroups].filter((gid) => gid < 0x4000_0000),
          "staged job files open to an ordinary group",
        )
        .toEqual([]);
    }
  }, 600_000);

  it("leaves nothing staged once a runner beside it on the host takes over its evaluation", async () => {
    const lines: string[] = [];
    const first = spawnRunner(lines);
    const second = spawnRunner(lines);
    const runnersById = new Map([
      [await first.ready, first],
      [await second.ready, second],
    ]);
    // Queued once both run. Whichever is caught measuring is killed; the other takes its evaluation over.
    const stagedBefore = new Set(stagedEntries().map((entry) => entry.path));
    const evaluationIds: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      evaluationIds.push(
        (await enqueueEvaluation(testDb.db, sender, { submissionId: await createSubmission(testDb.db, track) }))
          .evaluationId,
      );
    }
    const victim = await eventually(
      `a runner measuring with its copies staged\n${lines.join("\n")}`,
      async () => {
        const [row] = await testDb.db
          .select({ id: evaluations.id, runnerId: evaluations.runnerId })
          .from(evaluations)
          .where(and(inArray(evaluations.id, evaluationIds), eq(evaluations.state, "measuring")));
        const staged = stagedEntries().some(
          (entry) => entry.path.endsWith(`${path.sep}job.json`) && !stagedBefore.has(entry.path),
        );
        return row?.runnerId && staged ? row : undefined;
      },
      240_000,
    );
    const doomedId = victim.runnerId!;
    const doomed = runnersById.get(doomedId)!;
    const survivor = doomed === first ? second : first;
    const ownFolders = (pid: number) => leftovers().filter((name) => name.includes(`${pid}-`));
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    const left = ownFolders(doomed.child.pid!);
    expect(left, "the killed runner's staging and job folders").toHaveLength(2);
    // The survivor hands the evaluation back (reaper) and removes the dead runner's copies then, without a restart.
    await eventually(
      "the killed runner's copies removed",
      () => (ownFolders(doomed.child.pid!).length === 0 ? true : undefined),
      60_000,
    );
    expect(survivor.child.exitCode).toBeNull();
    expect(lines.some((line) => line.startsWith(`evaluation ${victim.id} of runner ${doomedId}: `))).toBe(true);
    expect(lines).toContain("removed 1 staging folder(s) and 1 job folder(s) left by runners that are gone");
    survivor.child.kill("SIGTERM");
    await survivor.exited;
  }, 420_000);
});
