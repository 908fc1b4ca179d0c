import { mkdtemp, rm, writeFile, mkdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildTinyKit } from "../../test-support/baselines/tiny-kit";
import { ensureBaselinesBuilt, type BaselineGroup } from "./baseline-build";

let workDir: string;
let datasetsRoot: string;
let outDir: string;
let builds: string[];

/** The kit's real training code at toy scale (test-support/baselines/tiny-kit.ts), one group per task. */
function tinyGroups(options: { failOn?: string } = {}): BaselineGroup[] {
  return ["sst2", "sms-spam"].map((task) => ({
    task,
    inputs: [`${task}/data.txt`],
    build: async () => {
      builds.push(task);
      if (options.failOn === task) throw new Error(`build of ${task} interrupted`);
      return buildTinyKit(3).filter((baseline) => baseline.card.task === task);
    },
  }));
}

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "demo-build-"));
  datasetsRoot = path.join(workDir, "datasets");
  outDir = path.join(workDir, "baselines");
  for (const task of ["sst2", "sms-spam"]) {
    await mkdir(path.join(datasetsRoot, task), { recursive: true });
    await writeFile(path.join(datasetsRoot, task, "data.txt"), `${task} rows\n`);
  }
  builds = [];
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("building the demo's baselines", () => {
  it("builds every group once, then reuses the bundles while kit and data are unchanged", async () => {
    const first = await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() });
    expect(first.rebuilt).toEqual(["sst2", "sms-spam"]);
    expect(first.bundles.map((bundle) => bundle.task)).toEqual([
      ...Array(first.bundles.length - 1).fill("sst2"),
      "sms-spam",
    ]);
    expect(first.bundles.find((bundle) => bundle.name === "sst2-bag-d16")?.zipPath).toBe(
      path.join(outDir, "sst2-bag-d16", "bundle.zip"),
    );

    const second = await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() });
    expect(second.rebuilt).toEqual([]);
    expect(second.bundles).toEqual(first.bundles);
    expect(builds).toEqual(["sst2", "sms-spam"]);
  });

  it("resumes an interrupted build with the group it had not finished", async () => {
    await expect(
      ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups({ failOn: "sms-spam" }) }),
    ).rejects.toThrow("interrupted");
    const resumed = await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() });
    expect(resumed.rebuilt).toEqual(["sms-spam"]);
    expect(builds).toEqual(["sst2", "sms-spam", "sms-spam"]);
  });

  it("rebuilds a group whose data changed, or whose bundle was changed or deleted", async () => {
    await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() });
    await writeFile(path.join(datasetsRoot, "sms-spam", "data.txt"), "a new release of the data\n");
    expect((await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() })).rebuilt).toEqual(["sms-spam"]);

    const zip = path.join(outDir, "sst2-bag-d64", "bundle.zip");
    await writeFile(zip, Buffer.concat([await readFile(zip), Buffer.from("x")]));
    expect((await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups() })).rebuilt).toEqual(["sst2"]);
  });

  it("rebuilds everything when the kit's sources change", async () => {
    const kitSources = path.join(workDir, "kit");
    await mkdir(kitSources);
    await writeFile(path.join(kitSources, "recipe.ts"), "export const seed = 1;\n");
    await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups(), kitSources });
    await writeFile(path.join(kitSources, "recipe.test.ts"), "// tests are not an input\n");
    expect((await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups(), kitSources })).rebuilt).toEqual(
      [],
    );
    await writeFile(path.join(kitSources, "recipe.ts"), "export const seed = 2;\n");
    expect((await ensureBaselinesBuilt({ outDir, datasetsRoot, groups: tinyGroups(), kitSources })).rebuilt).toEqual([
      "sst2",
      "sms-spam",
    ]);
  });
});
