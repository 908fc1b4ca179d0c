/**
 * The one bundle check: everything that can be verified about a bundle against one task without running it,
 * shared by the site (before anything is queued, lib/submissions/check-bundle.ts), the runner (its "validating"
 * state, runner/evaluate/prepare-submission.ts) and the CLI (before uploading, runner/cli/bundle-preflight.ts).
 * A bundle one of them refuses, each refuses with the same code.
 *
 * Reading the bundle (safe unzip, graph facts) is one step and checking it against a task another, so a caller
 * with several tasks reads the bundle once and checks it per task.
 */
import { readFile } from "node:fs/promises";
import { introspectModel, type ModelFacts } from "../onnx/introspect";
import type { TaskDefinition } from "../tasks/task-definition";
import { BundleError } from "./bundle-error";
import {
  checkManifestAgainstGraph,
  inferManifestForRawStringGraph,
  type Manifest,
  usesTokenInputs,
} from "./bundle-manifest";
import { openBundle, type OpenedBundle } from "./open-bundle";

/** Tokens per example assumed for the MAC estimate when the manifest gives no sequence length (raw-string graphs). */
export const DEFAULT_SEQUENCE_FOR_ESTIMATES = 128;

/** What the check needs of a task: its row in `tasks` has these columns, as a shipped definition does. */
export type TaskShape = Pick<TaskDefinition, "title" | "labels" | "inputFields">;

/** A bundle unpacked and its graph read, ready to be checked against any number of tasks. */
export interface ReadBundle {
  opened: OpenedBundle;
  modelBytes: Buffer;
  facts: ModelFacts;
}

export interface CheckedBundle {
  manifest: Manifest;
  /** True when the bundle had no joulebench.json and the manifest was inferred from a raw-string graph. */
  manifestInferred: boolean;
}

/** Unpacks the bundle into `extractDir` and reads its graph; throws BundleError or ModelError. */
export async function readBundle(bundlePath: string, extractDir: string): Promise<ReadBundle> {
  const opened = await openBundle(bundlePath, extractDir);
  const modelBytes = await readFile(opened.modelPath);
  const facts = introspectModel(modelBytes, {
    sequenceLength: opened.manifest?.maxSequenceLength ?? DEFAULT_SEQUENCE_FOR_ESTIMATES,
  });
  return { opened, modelBytes, facts };
}

/**
 * The bundle against one task: the manifest (given, or inferred for an unambiguous raw-string graph) against the
 * graph, the task's labels and its input fields, and the tokenizer a token-id graph needs. Throws BundleError:
 * MANIFEST_MISMATCH with every problem in `details`, INVALID_TOKENIZER, or MANIFEST_REQUIRED from inferring.
 */
export function checkBundleForTask(bundle: ReadBundle, task: TaskShape): CheckedBundle {
  const { opened, facts } = bundle;
  const graph = { inputs: facts.inputs, outputs: facts.outputs };
  const manifest = opened.manifest ?? inferManifestForRawStringGraph(graph, task.labels);
  const problems = [...checkManifestAgainstGraph(manifest, graph, task.labels), ...inputFieldProblems(manifest, task)];
  if (problems.length > 0) {
    throw new BundleError(
      "MANIFEST_MISMATCH",
      `The bundle does not fit task "${task.title}": ${problems.join("; ")}`,
      problems,
    );
  }
  if (usesTokenInputs(manifest) && !opened.tokenizerJson) {
    throw new BundleError("INVALID_TOKENIZER", "The graph takes token ids, so the bundle needs its tokenizer.json.");
  }
  return { manifest, manifestInferred: opened.manifest === null };
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
    return [
      `task "${task.title}" gives ${task.inputFields.join(" and ")}: a graph taking raw strings needs a "text_pair" input`,
    ];
  }
  if (!pairTask && roles.includes("text_pair")) {
    return [
      `task "${task.title}" gives one ${task.inputFields[0]} per example: it has nothing for the "text_pair" input`,
    ];
  }
  return [];
}
