/**
 * The data each baseline trains and is checked on, read through lib/tasks' loaders so the files are parsed
 * exactly as the runner parses them. Only files under the datasets root are read (../shared/datasets).
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { readRows } from "../../lib/tasks/row-readers";
import type { FileSpec, TaskDefinition } from "../../lib/tasks/task-definition";

export interface LabelledSet {
  /** One array per example, in the task's inputFields order. */
  inputs: string[][];
  labels: number[];
  /** Where it comes from, for the card: a file, a part of one, or a relabelled set. */
  description: string;
}

function spec(task: TaskDefinition, split: "test" | "dev"): FileSpec {
  const file = task.splits[split];
  if (!file) throw new Error(`task ${task.slug} has no ${split} split`);
  return file;
}

async function load(task: TaskDefinition, fileSpec: FileSpec, root: string, description: string): Promise<LabelledSet> {
  const loaded = await loadExamples(fileSpec, root, task);
  return { inputs: loaded.inputs, labels: loaded.labels, description };
}

/** GLUE's SST-2 train: 67,349 phrases of the training sentences' parse trees (sentences included). */
export function sst2Train(root: string): Promise<LabelledSet> {
  const task = getTaskDefinition("sst2");
  const train: FileSpec = { ...spec(task, "dev"), path: "sst2/train_full.tsv", origin: undefined };
  return load(task, train, root, "sst2/train_full.tsv (GLUE SST-2 train, 67,349 phrases)");
}

export function sst2Dev(root: string): Promise<LabelledSet> {
  return load(
    getTaskDefinition("sst2"),
    spec(getTaskDefinition("sst2"), "dev"),
    root,
    "sst2/dev.tsv (GLUE SST-2 dev, 872 sentences)",
  );
}

export function sst2Test(root: string): Promise<LabelledSet> {
  const task = getTaskDefinition("sst2");
  return load(
    task,
    spec(task, "test"),
    root,
    "sst2/stsa.binary.test (SST-2 labelled test, 1,821 sentences; the task's test split)",
  );
}

export function rteVal(root: string): Promise<LabelledSet> {
  const task = getTaskDefinition("rte");
  return load(task, spec(task, "test"), root, "rte/val.jsonl (GLUE RTE dev, 277 pairs; the task's test split)");
}

/**
 * CommitmentBank (SuperGLUE CB val, 56 pairs) folded to RTE's two labels the way GLUE folds three-way entailment
 * data: contradiction and neutral both mean "not entailed". It is the only labelled entailment data on disk
 * that is not RTE's own evaluation file.
 */
export function cbAsRte(root: string): Promise<LabelledSet> {
  const task = getTaskDefinition("rte");
  const cb: FileSpec = {
    ...spec(task, "test"),
    path: "cb/val.jsonl",
    labelMap: { entailment: "entailment", contradiction: "not_entailment", neutral: "not_entailment" },
    origin: undefined,
  };
  return load(task, cb, root, "cb/val.jsonl (SuperGLUE CB val, 56 pairs, contradiction + neutral -> not_entailment)");
}

export function smsSpamCollection(root: string): Promise<LabelledSet> {
  const task = getTaskDefinition("sms-spam");
  return load(task, spec(task, "test"), root, "sms_spam/SMSSpamCollection (5,574 messages)");
}

export interface HeldOutSplit {
  train: LabelledSet;
  heldOut: LabelledSet;
}

/**
 * A fixed split of a set by sha256(seed:index) rank, as lib/tasks/public-private-split.ts draws its split, so
 * anyone can redraw it; stratified per label so the rare class (spam: 13%) is split in the same proportion.
 */
export function splitHeldOut(set: LabelledSet, heldOutFraction: number, seed: number): HeldOutSplit {
  const heldOut = new Set<number>();
  const labels = [...new Set(set.labels)].sort((a, b) => a - b);
  for (const label of labels) {
    const members = set.labels.flatMap((value, index) => (value === label ? [index] : []));
    const ranked = members
      .map((index) => ({ index, key: createHash("sha256").update(`${seed}:${index}`).digest("hex") }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { index } of ranked.slice(0, Math.round(members.length * heldOutFraction))) heldOut.add(index);
  }
  const part = (keep: (index: number) => boolean, name: string): LabelledSet => {
    const indices = set.labels.map((_, index) => index).filter(keep);
    return {
      inputs: indices.map((index) => set.inputs[index]!),
      labels: indices.map((index) => set.labels[index]!),
      description: `${set.description}, ${name} (${indices.length} examples; sha256(${seed}:index) split, stratified)`,
    };
  };
  return {
    train: part((index) => !heldOut.has(index), "training part"),
    heldOut: part((index) => heldOut.has(index), "held-out part"),
  };
}

/** Unlabelled text for a vocabulary: AG News test (news, like most RTE premises) and BoolQ's Wikipedia passages. */
export async function vocabularyCorpus(root: string): Promise<{ texts: string[]; description: string }> {
  const texts: string[] = [];
  const agNews: FileSpec = {
    path: "ag_news/test.csv",
    format: "csv",
    header: true,
    columns: { label: "Class Index" },
    labelMap: { "1": "x" },
  };
  for await (const row of readRows(path.join(root, "ag_news", "test.csv"), agNews)) {
    if (!row.blank) texts.push(`${row.get("Title") ?? ""} ${row.get("Description") ?? ""}`);
  }
  const boolq: FileSpec = {
    path: "boolq/boolq.jsonl",
    format: "jsonl",
    header: false,
    columns: { label: "gold" },
    labelMap: { "0": "x" },
  };
  for await (const row of readRows(path.join(root, "boolq", "boolq.jsonl"), boolq)) {
    if (!row.blank) texts.push(row.get("query") ?? "");
  }
  return {
    texts,
    description:
      "the texts only (no labels) of ag_news/test.csv (7,600 news items; academic, non-commercial use) and " +
      "boolq/boolq.jsonl (3,270 Wikipedia passages and questions; CC BY-SA 3.0)",
  };
}
