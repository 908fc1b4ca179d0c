/**
 * The runner's "validating" step, run by the site before anything is queued: the same safe unzip, graph
 * reading and manifest-against-graph check (runner/evaluate/prepare-submission.ts), against the task of every
 * track the team picked. A bundle that would fail there fails here, with the validator's message, and costs
 * the team neither a queue slot nor quota.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isBundleError } from "../bundle/bundle-error";
import { checkManifestAgainstGraph, inferManifestForRawStringGraph, usesTokenInputs, type Manifest } from "../bundle/bundle-manifest";
import { openBundle } from "../bundle/open-bundle";
import { introspectModel } from "../onnx/introspect";
import { isModelError } from "../onnx/model-error";
import type { TaskDefinition } from "../tasks/task-definition";
import { BundleRejectedError } from "./bundle-rejected";

/** As in prepare-submission.ts: tokens per example assumed when the manifest gives no sequence length. */
const DEFAULT_SEQUENCE_FOR_ESTIMATES = 128;

/** What the check needs of a task: its row in `tasks` has these columns, as a shipped definition does. */
export type TaskShape = Pick<TaskDefinition, "title" | "labels" | "inputFields">;

export interface CheckedBundle {
  manifest: Manifest;
  manifestInferred: boolean;
}

/** Throws BundleRejectedError naming every problem; the temporary extraction is always removed. */
export async function checkBundleForTasks(bundlePath: string, tasks: readonly TaskShape[]): Promise<CheckedBundle> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-check-"));
  try {
    const opened = await openBundle(bundlePath, path.join(workDir, "bundle"));
    const facts = introspectModel(await readFile(opened.modelPath), {
      sequenceLength: opened.manifest?.maxSequenceLength ?? DEFAULT_SEQUENCE_FOR_ESTIMATES,
    });
    const graph = { inputs: facts.inputs, outputs: facts.outputs };
    let result: CheckedBundle | undefined;
    for (const task of tasks) {
      const manifest = opened.manifest ?? inferManifestForRawStringGraph(graph, task.labels);
      const problems = [...checkManifestAgainstGraph(manifest, graph, task.labels), ...inputFieldProblems(manifest, task)];
      if (problems.length > 0) {
        throw new BundleRejectedError(
          "MANIFEST_MISMATCH",
          `The bundle does not fit task "${task.title}": ${problems.join("; ")}`,
          problems,
        );
      }
      if (usesTokenInputs(manifest) && !opened.tokenizerJson) {
        throw new BundleRejectedError("INVALID_TOKENIZER", "The graph takes token ids, so the bundle needs its tokenizer.json.");
      }
      result ??= { manifest, manifestInferred: opened.manifest === null };
    }
    if (!result) throw new Error("checkBundleForTasks needs at least one task");
    return result;
  } catch (error) {
    if (isBundleError(error)) throw new BundleRejectedError(error.code, error.message, error.details ?? []);
    if (isModelError(error)) throw new BundleRejectedError(error.code, error.message);
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * A graph that takes raw strings gets one string per input field: a sentence-pair task (premise, hypothesis)
 * needs a "text_pair" input, and a single-sentence task cannot feed one. Token inputs are built by the
 * tokenizer from every field, so they fit either.
 */
function inputFieldProblems(manifest: Manifest, task: TaskShape): string[] {
  const roles = Object.values(manifest.inputs);
  if (!roles.includes("text")) return [];
  const pairTask = task.inputFields.length > 1;
  if (pairTask && !roles.includes("text_pair")) {
    return [`task "${task.title}" gives ${task.inputFields.join(" and ")}: a graph taking raw strings needs a "text_pair" input`];
  }
  if (!pairTask && roles.includes("text_pair")) {
    return [`task "${task.title}" gives one ${task.inputFields[0]} per example: it has nothing for the "text_pair" input`];
  }
  return [];
}
