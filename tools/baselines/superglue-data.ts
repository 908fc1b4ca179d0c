/**
 * The data the BoolQ and CB baselines train and are scored on. Neither task's training split is on disk, and each
 * task's file is its test split, so each is trained on another task's labelled pairs, relabelled the way the
 * labels correspond (transfer, never its own test file):
 * - BoolQ on GLUE's RTE pairs: an entailed hypothesis is a "yes", a not-entailed one a "no" (the passage plays the
 *   premise, the question the hypothesis);
 * - CB on the same RTE pairs: entailment stays entailment, not_entailment becomes contradiction; RTE has no
 *   neutral pairs, so the model learns no evidence for neutral.
 */
import path from "node:path";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { readRows } from "../../lib/tasks/row-readers";
import type { FileSpec } from "../../lib/tasks/task-definition";
import type { LabelledSet } from "./datasets";
import { rteVal } from "./datasets";

export async function taskTestSet(root: string, slug: string, description: string): Promise<LabelledSet> {
  const task = getTaskDefinition(slug);
  const loaded = await loadExamples(task.splits.test, root, task);
  return { inputs: loaded.inputs, labels: loaded.labels, description };
}

/** RTE's pairs as BoolQ examples: labels ["no", "yes"], entailment (RTE 0) → yes (1). */
export async function rteAsBoolq(root: string): Promise<LabelledSet> {
  const rte = await rteVal(root);
  return {
    inputs: rte.inputs,
    labels: rte.labels.map((label) => (label === 0 ? 1 : 0)),
    description: "rte/val.jsonl (GLUE RTE dev, 277 pairs; entailment -> yes, not_entailment -> no)",
  };
}

/** RTE's pairs as CB examples: labels ["entailment", "contradiction", "neutral"], not_entailment → contradiction. */
export async function rteAsCb(root: string): Promise<LabelledSet> {
  const rte = await rteVal(root);
  return {
    inputs: rte.inputs,
    labels: rte.labels,
    description: "rte/val.jsonl (GLUE RTE dev, 277 pairs; not_entailment -> contradiction)",
  };
}

/** AG News' titles and descriptions, texts only: a broad news vocabulary that shares nothing with BoolQ or CB. */
export async function agNewsTexts(root: string): Promise<string[]> {
  const texts: string[] = [];
  const spec: FileSpec = {
    path: "ag_news/test.csv",
    format: "csv",
    header: true,
    columns: { label: "Class Index" },
    labelMap: { "1": "x" },
  };
  for await (const row of readRows(path.join(root, "ag_news", "test.csv"), spec)) {
    if (!row.blank) texts.push(`${row.get("Title") ?? ""} ${row.get("Description") ?? ""}`);
  }
  return texts;
}
