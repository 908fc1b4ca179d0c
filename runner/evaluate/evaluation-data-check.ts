/**
 * Refuses a submission that carries the task's evaluation inputs (runner/integrity/embedded-evaluation-data.ts):
 * the test, out-of-domain and audit splits' texts, whole or hashed, in the model or its tokenizer. The dev split
 * is not checked: it is public validation data a team may train on, and the board never scores it.
 *
 * The texts and their indexes are kept per task and datasets folder (a runner evaluates many submissions to the
 * same task), so the check costs one scan of the model's stored keys after the first evaluation.
 */
import type { onnx } from "onnx-proto";
import { EvaluationTextIndex, type EvaluationSplitTexts } from "../integrity/embedded-evaluation-data";
import { modelLookupKeys } from "../integrity/model-lookup-keys";
import { loadExamples } from "../../lib/tasks/load-examples";
import { splitFiles, type TaskDefinition } from "../../lib/tasks/task-definition";
import { EvaluationError } from "./evaluation-error";

const CACHED_TASKS = 8;
const indexes = new Map<string, Promise<EvaluationTextIndex>>();

/** Splits whose texts a model must not hold: "test", "ood:<name>" and "audit". */
export function isEvaluationSplit(split: string): boolean {
  return split === "test" || split === "audit" || split.startsWith("ood:");
}

export function evaluationTextIndex(task: TaskDefinition, datasetsRoot: string): Promise<EvaluationTextIndex> {
  const files = splitFiles(task).filter((file) => isEvaluationSplit(file.split));
  const key = JSON.stringify([datasetsRoot, task.slug, task.inputFields, files.map((file) => [file.split, file.spec])]);
  let index = indexes.get(key);
  if (!index) {
    index = Promise.all(
      files.map(
        async (file): Promise<EvaluationSplitTexts> => ({
          split: file.split,
          examples: (await loadExamples(file.spec, datasetsRoot, task)).inputs,
        }),
      ),
    ).then((splits) => new EvaluationTextIndex(splits));
    // A failed load (a missing file) must not be remembered: the next evaluation tries again.
    index.catch(() => indexes.delete(key));
    indexes.set(key, index);
    if (indexes.size > CACHED_TASKS) indexes.delete(indexes.keys().next().value!);
  }
  return index;
}

export async function assertNoEvaluationData(
  model: onnx.IModelProto,
  tokenizerJson: string | null,
  task: TaskDefinition,
  datasetsRoot: string,
): Promise<void> {
  const index = await evaluationTextIndex(task, datasetsRoot);
  const [first, ...others] = index.find(modelLookupKeys(model, tokenizerJson));
  if (!first) return;
  const more =
    others.length > 0 ? ` It also holds texts of ${others.map((split) => describeSplit(split.split)).join(", ")}.` : "";
  // The audit split is hidden: its size is not told (that it exists is, since the refusal must say why).
  const counted =
    first.split === "audit" ? `${first.found} input texts` : `${first.found} of the ${first.examples} input texts`;
  throw new EvaluationError(
    "EVALUATION_DATA_IN_MODEL",
    `The submission holds ${counted} of ${describeSplit(first.split)} (${first.how}, in the model or its tokenizer).${more} ` +
      `A model must not carry the evaluation inputs: a lookup table over them measures nothing. Remove them and ` +
      `submit again; the organizers can see this refusal.`,
  );
}

function describeSplit(split: string): string {
  return split === "audit" ? "the task's hidden audit split" : `the task's "${split}" split`;
}
