/** The BoolQ and CB baselines: the pair-overlap model, each trained on RTE's pairs relabelled (./superglue-data.ts). */
import type { BuiltBaseline } from "./built-baseline";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { buildPairOverlapBaseline } from "./pair-overlap-baseline";
import { agNewsTexts, rteAsBoolq, rteAsCb, taskTestSet } from "./superglue-data";

const AG_NEWS_VOCABULARY =
  "the texts only (no labels) of ag_news/test.csv (7,600 news items; academic, non-commercial use)";

export async function buildBoolqBaseline(root: string): Promise<BuiltBaseline> {
  const boolq = await taskTestSet(
    root,
    "boolq",
    "boolq/boolq.jsonl (BoolQ dev, 3,270 questions; the task's test split)",
  );
  const majority = boolq.labels.filter((label) => label === 1).length / boolq.labels.length;
  return buildPairOverlapBaseline({
    name: "boolq-overlap-logreg",
    task: "boolq",
    labels: getTaskDefinition("boolq").labels,
    train: await rteAsBoolq(root),
    evaluation: boolq,
    vocabularyTexts: await agNewsTexts(root),
    vocabularyDescription: AG_NEWS_VOCABULARY,
    notes: [
      "BoolQ's training split is not on disk; the model learns from RTE's 277 pairs (an entailed hypothesis read as a yes), so its BoolQ score is transfer, held out.",
      `Answering "yes" to every question scores ${(majority * 100).toFixed(2)}% accuracy; judge this baseline by macro-F1 and MCC against that.`,
    ],
  });
}

export async function buildCbBaseline(root: string): Promise<BuiltBaseline> {
  return buildPairOverlapBaseline({
    name: "cb-overlap-logreg",
    task: "cb",
    labels: getTaskDefinition("cb").labels,
    train: await rteAsCb(root),
    evaluation: await taskTestSet(root, "cb", "cb/val.jsonl (SuperGLUE CB val, 56 pairs; the task's test split)"),
    vocabularyTexts: await agNewsTexts(root),
    vocabularyDescription: AG_NEWS_VOCABULARY,
    notes: [
      "CB's training split is not on disk; the model learns from RTE's 277 pairs (not_entailment read as contradiction). RTE has no neutral pairs, so the model has no evidence for neutral (5 of CB's 56 pairs).",
      "SuperGLUE scores CB as the mean of macro-F1 and accuracy; that is this task's headline metric.",
    ],
  });
}
