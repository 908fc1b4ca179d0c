import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDatasetMirror } from "../../test-support/dataset-mirror-server";
import { datasetsManifest } from "../../lib/tasks/datasets-manifest";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";

const run = promisify(execFile);
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "datasets-command-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** `npm run datasets`, as a user runs it. */
async function datasetsCommand(root: string, mirror: string) {
  const env = {
    ...process.env,
    JOULEBENCH_DATASETS_DIR: root,
    JOULEBENCH_DATASETS_MIRROR: mirror,
    JOULEBENCH_DATA_DIR: path.join(workDir, "data"),
  };
  return run(process.execPath, ["--import", "tsx", "ops/datasets/main.ts"], {
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
}

describe("npm run datasets", () => {
  it("fetches every file in the manifest and exits 0; a failure exits 1 with its reason", async () => {
    const count = datasetsManifest().files.length;
    const working = await startDatasetMirror({ filesRoot: resolveDatasetsRoot() });
    try {
      const root = path.join(workDir, "all");
      const result = await datasetsCommand(root, working.url);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Fetched and verified ${count} dataset file(s) into ${root}.`);
      expect(result.stdout).toContain(`All ${count} dataset files are in ${root} and match the manifest.`);
    } finally {
      await working.close();
    }
    const missing = await startDatasetMirror({ filesRoot: resolveDatasetsRoot(), behaviour: () => "not-found" });
    try {
      const result = await datasetsCommand(path.join(workDir, "none"), missing.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^Datasets: could not fetch \(not found at the source\) — \S+: http:\/\/127\.0\.0\.1:\d+\/\S+ answered HTTP 404 Not Found\n$/,
      );
    } finally {
      await missing.close();
    }
  });
});
