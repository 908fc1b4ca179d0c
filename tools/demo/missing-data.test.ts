import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatasetMirror } from "../../test-support/dataset-mirror-server";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { checkDemoData, demoDataFiles } from "./demo-data";

const run = promisify(execFile);
const sharedRoot = resolveDatasetsRoot();
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "demo-data-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/**
 * The demo process exactly as `npm start` runs it (ops/launch.ts), without a database: past the data, it
 * stops at "DATABASE_URL is not set", which shows it went on to create the competitions.
 */
async function runDemo(datasetsDir: string, mirror: string, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JOULEBENCH_DATASETS_DIR: datasetsDir,
    JOULEBENCH_DATASETS_MIRROR: mirror,
    JOULEBENCH_DATA_DIR: path.join(workDir, "data"),
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const result = await run(process.execPath, ["--import", "tsx", "tools/demo/main.ts"], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
  return { ...result, reachedDatabase: result.stderr.includes("Demo: stopped — DATABASE_URL is not set") };
}

async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("the demo's data on a start", () => {
  it("without network: one line saying why, the start goes on (exit 0), and the next start fetches", async () => {
    const root = path.join(workDir, "offline");
    const offline = await runDemo(root, "http://datasets.invalid");
    expect(offline.code).toBe(0);
    expect(offline.reachedDatabase).toBe(false);
    expect(offline.stdout.trim().split("\n")).toHaveLength(1);
    expect(offline.stdout).toMatch(
      /^Demo: waiting — the demo data could not be fetched \(host not found\): \S+: host datasets\.invalid not found .*The site runs without the demo; the next start tries again/,
    );
    expect(await filesIn(root).catch(() => [])).toEqual([]);

    const mirror = await startDatasetMirror({ filesRoot: sharedRoot });
    try {
      const online = await runDemo(root, mirror.url);
      expect(online.stdout).toContain(`Demo: Fetching ${demoDataFiles().length} dataset file(s), `);
      expect(online.stdout).toContain(
        `Demo: Fetched and verified ${demoDataFiles().length} dataset file(s) into ${root}.`,
      );
      expect(online.stdout).toContain("Demo: SMS Spam Collection: cite Almeida, Gómez Hidalgo and Yamakami 2011");
      expect(online.stdout).not.toContain("Demo: waiting");
      expect(online.reachedDatabase).toBe(true);
      expect(await filesIn(root)).toEqual(demoDataFiles());
      expect(checkDemoData(root).missing).toEqual([]);
    } finally {
      await mirror.close();
    }

    // Everything is there and verified: a later start needs no source at all.
    const later = await runDemo(root, "http://datasets.invalid");
    expect(later.stdout).toBe("");
    expect(later.reachedDatabase).toBe(true);
  });

  it("a refused connection is named as such", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const result = await runDemo(path.join(workDir, "refused"), `http://127.0.0.1:${closedPort}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Demo: waiting — the demo data could not be fetched \\(connection refused\\): .* refused fetching http://127\\.0\\.0\\.1:${closedPort}/`,
      ),
    );
  });

  it("fetches only the files that are missing", async () => {
    const partial = path.join(workDir, "partial");
    const present = demoDataFiles().filter((file) => file.startsWith("sst2/") || file.startsWith("uci_"));
    for (const file of present) {
      await mkdir(path.dirname(path.join(partial, file)), { recursive: true });
      await copyFile(path.join(sharedRoot, file), path.join(partial, file));
    }
    const mirror = await startDatasetMirror({ filesRoot: sharedRoot });
    try {
      const result = await runDemo(partial, mirror.url);
      expect(result.reachedDatabase).toBe(true);
      expect(mirror.requests.map((request) => request.file).sort()).toEqual(
        demoDataFiles().filter((file) => !present.includes(file)),
      );
    } finally {
      await mirror.close();
    }
  });

  it("with the demo off, fetches nothing", async () => {
    const result = await runDemo(path.join(workDir, "demo-off"), "http://datasets.invalid", { JOULEBENCH_DEMO: "0" });
    expect(result).toMatchObject({ code: 0, stdout: "", reachedDatabase: false });
  });

  it("finds everything in the shared datasets folder", () => {
    expect(checkDemoData(resolveDatasetsRoot()).missing).toEqual([]);
  });
});
