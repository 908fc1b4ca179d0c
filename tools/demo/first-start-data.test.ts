/**
 * The first start on a machine without datasets: the demo process (as `npm start` runs it) fetches every file it
 * needs from a mirror of their pinned sources into an empty folder, verifies them, and goes on to create the
 * demo competitions in a real database. The test stops it there: building and measuring the baselines from those
 * files is what e2e/demo.spec.ts follows to the end.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competitions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { startDatasetMirror, type DatasetMirror } from "../../test-support/dataset-mirror-server";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { checkDemoData, demoDataFiles } from "./demo-data";

const testDb = useTestDatabase();
let workDir: string;
let mirror: DatasetMirror;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "demo-first-start-"));
  mirror = await startDatasetMirror({ filesRoot: resolveDatasetsRoot() });
});
afterAll(async () => {
  await mirror.close();
  await rm(workDir, { recursive: true, force: true });
});

describe("the first start without datasets", () => {
  it("fetches the demo's files, then seeds the demo competitions from them", async () => {
    const datasets = path.join(workDir, "datasets");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: testDb.url,
      JOULEBENCH_DATA_DIR: path.join(workDir, "data"),
      JOULEBENCH_DATASETS_DIR: datasets,
      JOULEBENCH_DATASETS_MIRROR: mirror.url,
      JOULEBENCH_DEMO: "1",
    };
    const demo = spawn(process.execPath, ["--import", "tsx", "tools/demo/main.ts"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const seeded = new Promise<void>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Demo: 4 competitions \(4 created now\)/.test(output)) resolve();
      };
      demo.stdout.on("data", look);
      demo.stderr.on("data", look);
      demo.once("exit", (code) => reject(new Error(`the demo exited (${code}) before seeding:\n${output}`)));
    });
    try {
      await seeded;
    } finally {
      demo.kill("SIGKILL");
    }
    const fetchedAt = output.indexOf(
      `Demo: Fetched and verified ${demoDataFiles().length} dataset file(s) into ${datasets}.`,
    );
    expect(fetchedAt).toBeGreaterThanOrEqual(0);
    expect(output.indexOf("Demo: 4 competitions")).toBeGreaterThan(fetchedAt);
    expect(output).not.toContain("Demo: waiting");
    expect(checkDemoData(datasets).missing).toEqual([]);
    expect(await testDb.db.select({ slug: competitions.slug }).from(competitions)).toHaveLength(4);
  });
});
