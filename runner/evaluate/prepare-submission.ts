/**
 * The "validating" state: everything that can be checked about a submission without running it. Opens the
 * bundle safely, reads the graph (facts, op domains, external-data paths), settles the manifest (given, or
 * inferred for an unambiguous raw-string graph) and checks it against the graph and the task with the one bundle
 * check the site and the CLI also make (lib/bundle/check-bundle-for-task.ts), and refuses a submission that
 * carries the task's evaluation inputs (evaluation-data-check.ts).
 * Nothing here executes the model; a failure here costs a team seconds, not a queue slot.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { checkBundleForTask, readBundle } from "../../lib/bundle/check-bundle-for-task";
import { type Manifest, usesTokenInputs } from "../../lib/bundle/bundle-manifest";
import { decodeModel, type ModelFacts } from "../../lib/onnx/introspect";
import type { TaskDefinition } from "../../lib/tasks/task-definition";
import type { ChildJob } from "../child-protocol";
import { assertNoEvaluationData } from "./evaluation-data-check";

export interface PreparedSubmission {
  bundleDir: string;
  modelPath: string;
  manifest: Manifest;
  manifestInferred: boolean;
  facts: ModelFacts;
  /** manifest.output.labels[i] is task label labelMapping[i]. */
  labelMapping: number[];
  childInputs: ChildJob["inputs"];
  tokenizer: ChildJob["tokenizer"];
}

export async function prepareSubmission(
  bundlePath: string,
  workDir: string,
  task: TaskDefinition,
  datasetsRoot: string,
): Promise<PreparedSubmission> {
  const bundleDir = path.join(workDir, "bundle");
  // The same check the site made before queuing (and the CLI before uploading): one function, one set of codes.
  const bundle = await readBundle(bundlePath, bundleDir);
  const { opened, facts } = bundle;
  const { manifest } = checkBundleForTask(bundle, task);

  const childInputs: ChildJob["inputs"] = {};
  for (const [name, role] of Object.entries(manifest.inputs)) {
    const described = facts.inputs.find((input) => input.name === name)!;
    const dtype = described.elemType === "int32" ? "int32" : described.elemType === "string" ? "string" : "int64";
    childInputs[name] = { role, dtype, rank: described.shape?.length ?? 1 };
  }

  const tokenizerFile = opened.files.find((file) => file.name === "tokenizer.json")?.path;
  const tokenizerText = tokenizerFile ? await readFile(tokenizerFile, "utf8") : null;
  await assertNoEvaluationData(decodeModel(bundle.modelBytes), tokenizerText, task, datasetsRoot);

  let tokenizer: ChildJob["tokenizer"] = null;
  if (usesTokenInputs(manifest)) {
    const idsInput = facts.inputs.find((input) => manifest.inputs[input.name] === "input_ids");
    const fixedLength = idsInput?.shape?.[1];
    tokenizer = {
      jsonText: tokenizerText ?? (await readFile(path.join(bundleDir, "tokenizer.json"), "utf8")),
      maxLength: manifest.maxSequenceLength!,
      padTokenId: manifest.padTokenId,
      // A graph with a fixed sequence dimension gets every row padded to it.
      padToLength: typeof fixedLength === "number" ? fixedLength : undefined,
    };
  }

  return {
    bundleDir,
    modelPath: opened.modelPath,
    manifest,
    manifestInferred: opened.manifest === null,
    facts,
    labelMapping: manifest.output.labels.map((label) => task.labels.indexOf(label)),
    childInputs,
    tokenizer,
  };
}
