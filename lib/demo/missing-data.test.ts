import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatasetsRoot } from "../tasks/datasets-root";
import { checkDemoData, demoDataFiles } from "./demo-data";

let emptyRoot: string;

beforeAll(async () => {
  emptyRoot = await mkdtemp(path.join(os.tmpdir(), "demo-no-data-"));
});
afterAll(async () => {
  await rm(emptyRoot, { recursive: true, force: true });
});

/** The demo process exactly as `npm start` runs it (lib/ops/launch.ts), without a database. */
function runDemo(datasetsDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, JOULEBENCH_DATASETS_DIR: datasetsDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ["--import", "tsx", "lib/demo/main.ts"], { env, encoding: "utf8", timeout: 120_000 });
}

describe("a start without the demo's data", () => {
  it("names every file it looked for and where, points to docs/datasets.md, and goes on (exit 0)", () => {
    const result = runDemo(emptyRoot);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Demo: skipped — ${demoDataFiles().length} dataset file(s) not found under ${emptyRoot}:`);
    for (const file of ["sst2/stsa.binary.test", "uci_sentiment_sentences/yelp_labelled.txt", "rte/val.jsonl", "sms_spam/SMSSpamCollection", "sst2/train_full.tsv"]) {
      expect(result.stdout).toContain(`  - ${file}\n`);
    }
    expect(result.stdout).toContain("docs/datasets.md");
    expect(result.stdout).toContain("The site works without them.");
  });

  it("lists only the files that are missing when some are there", async () => {
    const partial = path.join(emptyRoot, "partial");
    const shared = resolveDatasetsRoot();
    const present = demoDataFiles().filter((file) => file.startsWith("sst2/") || file.startsWith("uci_"));
    for (const file of present) {
      await mkdir(path.dirname(path.join(partial, file)), { recursive: true });
      await copyFile(path.join(shared, file), path.join(partial, file));
    }
    const check = checkDemoData(partial);
    expect(check.missing).toEqual(demoDataFiles().filter((file) => !present.includes(file)));
    const result = runDemo(partial);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("sst2/stsa.binary.test");
    expect(result.stdout).toContain("  - rte/val.jsonl");
  });

  it("finds everything in the shared datasets folder", () => {
    expect(checkDemoData(resolveDatasetsRoot()).missing).toEqual([]);
  });
});
