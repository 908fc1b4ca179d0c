/**
 * Which dataset files the demo competitions need, and what to say when some are missing. The demo needs every
 * file its three tasks are scored on (their definitions in lib/tasks/definitions) and every file the baselines kit
 * trains on (lib/baselines/datasets.ts): without either, a board could not fill, so the start goes on without the
 * demo rather than half-creating it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { getTaskDefinition } from "../tasks/registry";
import { splitFiles } from "../tasks/task-definition";

/** The shipped tasks the demo competitions use (lib/demo/competitions/*). */
export const DEMO_TASKS = ["sst2", "rte", "sms-spam", "boolq", "cb"] as const;

/** What `npm run baselines` reads besides the tasks' own files (lib/baselines/datasets.ts). */
export const KIT_TRAINING_FILES = ["sst2/train_full.tsv", "cb/val.jsonl", "ag_news/test.csv", "boolq/boolq.jsonl"] as const;

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

/** The start's message when files are missing: which, where it looked, where to get them, and that it goes on. */
export function describeMissingDemoData(check: DemoDataCheck): string {
  return [
    `Demo: skipped — ${check.missing.length} dataset file(s) not found under ${check.datasetsRoot}:`,
    ...check.missing.map((file) => `  - ${file}`),
    "  Each is public: docs/datasets.md says where to download it. Put the files there (or point",
    "  JOULEBENCH_DATASETS_DIR at a folder that has them) and start again to get the demo competitions.",
    "  The site works without them.",
  ].join("\n");
}
