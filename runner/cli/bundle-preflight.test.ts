/**
 * One bundle check for the site and the CLI: for each bundle, the site's check (in its child process, as an
 * upload runs it) and the CLI's pre-flight give the same verdict and the same code, the inputs-against-task check
 * included (a sentence-pair graph on a one-sentence task, and the reverse).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkBenchmarkBundleInChildProcess,
  checkBundleInChildProcess,
} from "../../lib/submissions/check-bundle-isolated";
import { benchmarkEntries, writeBenchmarkBundle } from "../../test-support/multitask/benchmark-bundle-fixture";
import { isBundleRejected } from "../../lib/submissions/bundle-rejected";
import type { TaskShape } from "../../lib/bundle/check-bundle-for-task";
import { writeRawStringBundle } from "../../test-support/bundle/raw-string-bundles";
import { FIXTURE_LABELS, writeFixtureBundle } from "../../test-support/competition-fixture";
import { preflightBenchmarkBundle, preflightBundle } from "./bundle-preflight";

const sentenceTask: TaskShape = { title: "Tiny sentiment", labels: FIXTURE_LABELS, inputFields: ["sentence"] };
const pairTask: TaskShape = {
  title: "Tiny entailment",
  labels: FIXTURE_LABELS,
  inputFields: ["premise", "hypothesis"],
};
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "joulebench-preflight-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function siteVerdict(bundlePath: string, task: TaskShape): Promise<string> {
  return checkBundleInChildProcess(bundlePath, [task]).then(
    () => "accepted",
    (error: unknown) => {
      if (isBundleRejected(error)) return error.reason;
      throw error;
    },
  );
}

async function cliVerdict(bundlePath: string, task: TaskShape): Promise<string> {
  return (await preflightBundle(bundlePath, [task]))?.code ?? "accepted";
}

describe("the CLI's pre-flight and the site's check", () => {
  it("refuse a raw-string sentence-pair graph on a one-sentence task with the same code", async () => {
    const bundle = await writeRawStringBundle(path.join(dir, "pair.zip"), { pair: true, labels: FIXTURE_LABELS });
    expect(await siteVerdict(bundle, sentenceTask)).toBe("MANIFEST_MISMATCH");
    expect(await cliVerdict(bundle, sentenceTask)).toBe("MANIFEST_MISMATCH");
    expect((await preflightBundle(bundle, [sentenceTask]))?.details).toEqual([
      'task "Tiny sentiment" gives one sentence per example: it has nothing for the "text_pair" input',
    ]);
    // The same graph fits a pair task, for both.
    expect(await siteVerdict(bundle, pairTask)).toBe("accepted");
    expect(await cliVerdict(bundle, pairTask)).toBe("accepted");
  });

  it("refuse a one-string graph on a sentence-pair task with the same code", async () => {
    const bundle = await writeRawStringBundle(path.join(dir, "single.zip"), { pair: false, labels: FIXTURE_LABELS });
    expect(await siteVerdict(bundle, pairTask)).toBe("MANIFEST_MISMATCH");
    expect(await cliVerdict(bundle, pairTask)).toBe("MANIFEST_MISMATCH");
    expect(await cliVerdict(bundle, sentenceTask)).toBe("accepted");
  });

  it("agree on labels the task lacks, a file that is no bundle, and a valid bundle", async () => {
    const wrongLabels = await writeFixtureBundle(path.join(dir, "labels.zip"), { labels: ["a", "b"] });
    const notABundle = path.join(dir, "notes.txt");
    await writeFile(notABundle, "hello");
    const valid = await writeFixtureBundle(path.join(dir, "valid.zip"));
    for (const [bundle, expected] of [
      [wrongLabels, "MANIFEST_MISMATCH"],
      [notABundle, "NOT_A_BUNDLE"],
      [valid, "accepted"],
    ] as const) {
      expect(await siteVerdict(bundle, sentenceTask)).toBe(expected);
      expect(await cliVerdict(bundle, sentenceTask)).toBe(expected);
    }
  });

  it("checks every task named: a bundle that fits one track's task but not another's is refused", async () => {
    const bundle = await writeRawStringBundle(path.join(dir, "both.zip"), { pair: true, labels: FIXTURE_LABELS });
    expect((await preflightBundle(bundle, [pairTask, sentenceTask]))?.code).toBe("MANIFEST_MISMATCH");
  });
});

describe("the CLI's pre-flight and the site's check of a multi-task bundle", () => {
  const tasks = [
    { slug: "boolq", title: "BoolQ", labels: ["no", "yes"], inputFields: ["passage", "question"] },
    {
      slug: "cb",
      title: "CB",
      labels: ["entailment", "contradiction", "neutral"],
      inputFields: ["premise", "hypothesis"],
    },
  ];
  const verdicts = async (zipPath: string) => ({
    site: await checkBenchmarkBundleInChildProcess(zipPath, tasks).then(
      () => "accepted",
      (error: unknown) => {
        if (isBundleRejected(error)) return error.reason;
        throw error;
      },
    ),
    cli: (await preflightBenchmarkBundle(zipPath, tasks))?.code ?? "accepted",
  });

  it("accept one folder per task, and refuse a missing task or a task's wrong labels with the same code", async () => {
    const good = path.join(dir, "benchmark.zip");
    await writeBenchmarkBundle(good, benchmarkEntries(tasks));
    expect(await verdicts(good)).toEqual({ site: "accepted", cli: "accepted" });
    // The single-task check (what the CLI ran before) refuses it: a multi-task bundle has no top-level manifest.
    expect((await preflightBundle(good, [tasks[0]!]))?.code).not.toBeUndefined();

    const missing = path.join(dir, "benchmark-missing.zip");
    await writeBenchmarkBundle(
      missing,
      benchmarkEntries(tasks).filter((entry) => !entry.name.startsWith("cb/")),
    );
    expect(await verdicts(missing)).toEqual({ site: "BENCHMARK_LAYOUT", cli: "BENCHMARK_LAYOUT" });

    const wrongLabels = path.join(dir, "benchmark-labels.zip");
    await writeBenchmarkBundle(
      wrongLabels,
      benchmarkEntries([tasks[0]!, { ...tasks[1]!, labels: ["yes", "no", "maybe"] }]),
    );
    const refused = await verdicts(wrongLabels);
    expect(refused.cli).toBe(refused.site);
    expect(refused.cli).toBe("BENCHMARK_TASK_INVALID");
  });
});
