/**
 * The kit's baselines for the demo: built as `npm run baselines` builds them (tools/baselines/build-all.ts), one
 * task group at a time, or reused when already built from the same kit and data. After each group's bundles are
 * written, `demo-build.json` records the group's inputs hash and each bundle's sha256; a later start reuses a
 * group whose hash still matches and whose bundles are still there, byte for byte. So a build interrupted part
 * way resumes with the first group it had not finished, and a changed kit (its sources, seeds and settings live in
 * tools/baselines/*.ts) or changed data rebuilds what it affects.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeBaseline } from "../baselines/build-all";
import type { BuiltBaseline } from "../baselines/built-baseline";
import {
  cbAsRte,
  rteVal,
  smsSpamCollection,
  sst2Dev,
  sst2Test,
  sst2Train,
  vocabularyCorpus,
} from "../baselines/datasets";
import { buildRteBaseline } from "../baselines/rte-baseline";
import { buildSmsSpamBaseline } from "../baselines/sms-spam-baseline";
import { buildSst2Baselines } from "../baselines/sst2-baselines";

export interface BaselineGroup {
  /** The task slug the group's baselines are for. */
  task: string;
  /** Dataset files (under the datasets root) the group trains or is scored on: part of its inputs hash. */
  inputs: readonly string[];
  build(datasetsRoot: string): Promise<BuiltBaseline[]>;
}

export interface BuiltBundle {
  name: string;
  task: string;
  zipPath: string;
  sha256: string;
}

/** In the order the demo submits them: the SST-2 family first, for the first board. */
export const KIT_GROUPS: readonly BaselineGroup[] = [
  {
    task: "sst2",
    inputs: ["sst2/train_full.tsv", "sst2/dev.tsv", "sst2/stsa.binary.test"],
    build: async (root) =>
      buildSst2Baselines({ train: await sst2Train(root), dev: await sst2Dev(root), test: await sst2Test(root) }),
  },
  {
    task: "rte",
    inputs: ["rte/val.jsonl", "cb/val.jsonl", "ag_news/test.csv", "boolq/boolq.jsonl", "sst2/train_full.tsv"],
    build: async (root) => {
      const corpus = await vocabularyCorpus(root);
      return [
        buildRteBaseline({
          train: await cbAsRte(root),
          rte: await rteVal(root),
          vocabularyTexts: corpus.texts,
          vocabularyDescription: corpus.description,
        }),
      ];
    },
  },
  {
    task: "sms-spam",
    inputs: ["sms_spam/SMSSpamCollection"],
    build: async (root) => [buildSmsSpamBaseline(await smsSpamCollection(root))],
  },
];

const KIT_SOURCES = fileURLToPath(new URL("../baselines/", import.meta.url));
const STAMP_FILE = "demo-build.json";

interface BuildStamp {
  groups: Record<string, { inputsHash: string; bundles: BuiltBundle[] }>;
}

/** sha256 over the kit's sources (tests excluded) and the group's data files, by name and content. */
export async function groupInputsHash(
  group: BaselineGroup,
  datasetsRoot: string,
  kitSources = KIT_SOURCES,
): Promise<string> {
  const hash = createHash("sha256");
  const sources = (await readdir(kitSources, { recursive: true }))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .sort();
  for (const file of sources) hash.update(`source ${file}\n`).update(await readFile(path.join(kitSources, file)));
  for (const input of group.inputs)
    hash.update(`data ${input}\n`).update(await readFile(path.join(datasetsRoot, input)));
  return hash.update(`group ${group.task}\n`).digest("hex");
}

const sha256Of = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

async function readStamp(outDir: string): Promise<BuildStamp> {
  try {
    const parsed = JSON.parse(await readFile(path.join(outDir, STAMP_FILE), "utf8")) as BuildStamp;
    return parsed && typeof parsed.groups === "object" ? parsed : { groups: {} };
  } catch {
    return { groups: {} };
  }
}

/** Written whole to a temporary name, then renamed: a start killed mid-write leaves the old stamp or the new. */
async function writeStamp(outDir: string, stamp: BuildStamp): Promise<void> {
  const file = path.join(outDir, STAMP_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(stamp, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

async function stillThere(bundles: readonly BuiltBundle[]): Promise<boolean> {
  for (const bundle of bundles) {
    if (!existsSync(bundle.zipPath) || (await sha256Of(bundle.zipPath)) !== bundle.sha256) return false;
  }
  return bundles.length > 0;
}

export interface EnsureBuiltOptions {
  outDir: string;
  datasetsRoot: string;
  groups?: readonly BaselineGroup[];
  kitSources?: string;
  log?: (line: string) => void;
}

/** Every group's bundles, built now or reused; in group order. */
export async function ensureBaselinesBuilt(
  options: EnsureBuiltOptions,
): Promise<{ bundles: BuiltBundle[]; rebuilt: string[] }> {
  const { outDir, datasetsRoot, groups = KIT_GROUPS, log = () => {} } = options;
  await mkdir(outDir, { recursive: true });
  const stamp = await readStamp(outDir);
  const bundles: BuiltBundle[] = [];
  const rebuilt: string[] = [];
  for (const group of groups) {
    const inputsHash = await groupInputsHash(group, datasetsRoot, options.kitSources);
    const previous = stamp.groups[group.task];
    if (previous && previous.inputsHash === inputsHash && (await stillThere(previous.bundles))) {
      bundles.push(...previous.bundles);
      continue;
    }
    log(`building the ${group.task} baselines (npm run baselines does the same) ...`);
    const started = performance.now();
    const written: BuiltBundle[] = [];
    for (const baseline of await group.build(datasetsRoot)) {
      const zipPath = await writeBaseline(outDir, baseline);
      written.push({ name: baseline.card.name, task: baseline.card.task, zipPath, sha256: await sha256Of(zipPath) });
    }
    stamp.groups[group.task] = { inputsHash, bundles: written };
    await writeStamp(outDir, stamp);
    log(`built ${written.length} ${group.task} baseline(s) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    bundles.push(...written);
    rebuilt.push(group.task);
  }
  return { bundles, rebuilt };
}
