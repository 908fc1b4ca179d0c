/**
 * Which dataset files the demo competitions need, and what to say when some are missing. The demo needs every
 * file its three tasks are scored on (their definitions in lib/tasks/definitions) and every file the baselines kit
 * trains on (tools/baselines/datasets.ts): without either, a board could not fill, so the start fetches them first
 * (ops/datasets) and, when it cannot, goes on without the demo rather than half-creating it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { DatasetsReadiness } from "../../ops/datasets/ensure-datasets";
import { manifestFile, type MeasuredFile } from "../../lib/tasks/datasets-manifest";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";

/** The shipped tasks the demo competitions use (tools/demo/competitions/*). */
export const DEMO_TASKS = ["sst2", "rte", "sms-spam", "boolq", "cb"] as const;

/** What `npm run baselines` reads besides the tasks' own files (tools/baselines/datasets.ts). */
export const KIT_TRAINING_FILES = [
  "sst2/train_full.tsv",
  "cb/val.jsonl",
  "ag_news/test.csv",
  "boolq/boolq.jsonl",
] as const;

export function demoDataFiles(): string[] {
  const files = new Set<string>();
  for (const task of DEMO_TASKS) for (const { spec } of splitFiles(getTaskDefinition(task))) files.add(spec.path);
  for (const file of KIT_TRAINING_FILES) files.add(file);
  return [...files].sort();
}

export interface DemoDataCheck {
  datasetsRoot: string;
  missing: string[];
}

export function checkDemoData(datasetsRoot: string): DemoDataCheck {
  return { datasetsRoot, missing: demoDataFiles().filter((file) => !existsSync(path.join(datasetsRoot, file))) };
}

/** The manifest entries (source, size, rows, sha256) of every file the demo needs. */
export function demoManifestFiles(): MeasuredFile[] {
  return demoDataFiles().map((file) => manifestFile(file));
}

/**
 * The start's one line when the demo's data is not ready: why (host not found, refused, timed out, digest
 * mismatch...), that the site runs anyway, and what happens next.
 */
export function describeDataNotReady(
  readiness: Exclude<DatasetsReadiness, { ready: true }>,
  datasetsRoot: string,
): string {
  if (readiness.stage === "fetch") {
    return `Demo: waiting — the demo data could not be fetched (${readiness.reason}): ${readiness.message}. The site runs without the demo; the next start tries again (docs/datasets.md: JOULEBENCH_DATASETS_MIRROR, or put the files in ${datasetsRoot}).`;
  }
  return `Demo: waiting — a dataset file is not the one the demo is scored on (${readiness.reason}): ${readiness.message}. The site runs without the demo; replace or delete the file and start again (docs/datasets.md).`;
}
