/**
 * A manifest against the graph it describes. The runner reads the graph's signature (lib/onnx's introspection,
 * whose ValueDescription fits GraphTensor, or onnxruntime's metadata) and hands it here, so these rules stay
 * plain functions over data, testable without a model.
 */
import { BundleError } from "./bundle-error";
import type { InputRole, Manifest } from "./bundle-manifest";

/** Element types as lib/onnx and onnxruntime-node name them; anything else (sequence, map) is not a tensor. */
export type ElemType =
  | "float32"
  | "float16"
  | "float64"
  | "bfloat16"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "bool"
  | "string"
  | (string & {});

export interface GraphTensor {
  name: string;
  elemType: ElemType;
  /** Fixed sizes as numbers; symbolic (`batch`) or unknown dimensions as strings or null; null when the rank is
   * not declared, in which case shape rules are not applied (the runner finds out at inference). */
  shape: readonly (number | string | null)[] | null;
}

export interface GraphSignature {
  inputs: readonly GraphTensor[];
  outputs: readonly GraphTensor[];
}

const ID_TYPES: readonly ElemType[] = ["int64", "int32"];
const FLOAT_TYPES: readonly ElemType[] = ["float32", "float16", "float64", "bfloat16"];
const LABEL_INDEX_TYPES: readonly ElemType[] = ["int64", "int32"];

/** Every mismatch between a manifest and its graph; empty when the runner can feed the graph as described. */
export function checkManifestAgainstGraph(
  manifest: Manifest,
  graph: GraphSignature,
  taskLabels: readonly string[],
): string[] {
  const problems: string[] = [];
  const graphInputs = new Map(graph.inputs.map((tensor) => [tensor.name, tensor]));
  const inputNames = names(graph.inputs);

  for (const [name, role] of Object.entries(manifest.inputs)) {
    const tensor = graphInputs.get(name);
    if (!tensor) {
      problems.push(`inputs["${name}"]: the graph has no input named "${name}" (its inputs: ${inputNames})`);
      continue;
    }
    problems.push(...inputProblems(tensor, role, manifest.maxSequenceLength));
  }
  for (const tensor of graph.inputs) {
    if (!(tensor.name in manifest.inputs)) {
      problems.push(`inputs: graph input "${tensor.name}" is not mapped; every graph input needs a role`);
    }
  }

  const output = graph.outputs.find((tensor) => tensor.name === manifest.output.name);
  if (!output) {
    problems.push(
      `output.name: the graph has no output named "${manifest.output.name}" (its outputs: ${names(graph.outputs)})`,
    );
  } else {
    problems.push(...outputProblems(output, manifest));
  }

  manifest.output.labels.forEach((label, index) => {
    if (!taskLabels.includes(label)) {
      problems.push(
        `output.labels[${index}]: "${label}" is not a label of this task (its labels: ${quoted(taskLabels)})`,
      );
    }
  });
  return problems;
}

function inputProblems(tensor: GraphTensor, role: InputRole, maxSequenceLength: number | undefined): string[] {
  const where = `inputs["${tensor.name}"]`;
  if (role === "text" || role === "text_pair") {
    const problems =
      tensor.elemType === "string"
        ? []
        : [`${where}: "${role}" needs a string input, the graph's is ${tensor.elemType}`];
    if (!isOnePerExampleShape(tensor.shape))
      problems.push(`${where}: "${role}" needs shape [batch] or [batch, 1], the graph's is ${shapeText(tensor.shape)}`);
    return problems;
  }
  const problems = ID_TYPES.includes(tensor.elemType)
    ? []
    : [`${where}: "${role}" needs an int64 or int32 input, the graph's is ${tensor.elemType}`];
  if (tensor.shape === null) return problems;
  if (tensor.shape.length !== 2) {
    problems.push(`${where}: "${role}" needs shape [batch, sequence], the graph's is ${shapeText(tensor.shape)}`);
  } else {
    const sequence = tensor.shape[1];
    if (typeof sequence === "number" && maxSequenceLength !== undefined && maxSequenceLength > sequence) {
      problems.push(
        `maxSequenceLength: ${maxSequenceLength} is longer than the ${sequence} tokens graph input "${tensor.name}" takes`,
      );
    }
  }
  return problems;
}

function outputProblems(tensor: GraphTensor, manifest: Manifest): string[] {
  const { scores, labels } = manifest.output;
  const where = `output "${tensor.name}"`;
  if (scores === "label_index") {
    const problems = LABEL_INDEX_TYPES.includes(tensor.elemType)
      ? []
      : [`output.scores: "label_index" needs an int64 or int32 output, ${where} is ${tensor.elemType}`];
    if (!isOnePerExampleShape(tensor.shape))
      problems.push(
        `output.scores: "label_index" needs shape [batch] or [batch, 1], ${where} is ${shapeText(tensor.shape)}`,
      );
    return problems;
  }
  const problems = FLOAT_TYPES.includes(tensor.elemType)
    ? []
    : [`output.scores: "${scores}" needs a float output, ${where} is ${tensor.elemType}`];
  if (tensor.shape === null) return problems;
  const classes = tensor.shape.at(-1);
  if (tensor.shape.length !== 2) {
    problems.push(`output.scores: "${scores}" needs shape [batch, labels], ${where} is ${shapeText(tensor.shape)}`);
  } else if (typeof classes === "number" && classes !== labels.length) {
    problems.push(`output.labels: lists ${labels.length} labels but ${where} has ${classes} scores per example`);
  }
  return problems;
}

/**
 * The manifest a bare .onnx implies when nothing about it is ambiguous: one string input and one output that can
 * only be the scores. Anything less certain needs the team to say what they meant (MANIFEST_REQUIRED, listing why).
 * Class i is taken to be taskLabels[i], the task's own order.
 */
export function inferManifestForRawStringGraph(graph: GraphSignature, taskLabels: readonly string[]): Manifest {
  const reasons: string[] = [];
  const stringInputs = graph.inputs.filter((tensor) => tensor.elemType === "string");
  const otherInputs = graph.inputs.filter((tensor) => tensor.elemType !== "string");
  const textInput = stringInputs[0];
  if (stringInputs.length !== 1)
    reasons.push(`the graph has ${stringInputs.length} string inputs (${names(stringInputs)}), not exactly one`);
  if (otherInputs.length > 0)
    reasons.push(
      `the graph has non-string inputs (${names(otherInputs)}), so it needs token inputs described in a manifest`,
    );
  if (textInput && !isOnePerExampleShape(textInput.shape)) {
    reasons.push(`string input "${textInput.name}" has shape ${shapeText(textInput.shape)}, not [batch] or [batch, 1]`);
  }

  const scoreOutputs = graph.outputs.filter(
    (tensor) =>
      FLOAT_TYPES.includes(tensor.elemType) && tensor.shape?.length === 2 && tensor.shape[1] === taskLabels.length,
  );
  const labelOutputs = graph.outputs.filter(
    (tensor) =>
      LABEL_INDEX_TYPES.includes(tensor.elemType) && tensor.shape !== null && isOnePerExampleShape(tensor.shape),
  );
  let output: Manifest["output"] | undefined;
  // Scores beat a label output: sklearn-onnx classifiers have both, and the scores carry more (ties, confidence).
  if (scoreOutputs.length === 1 && scoreOutputs[0]) {
    const name = scoreOutputs[0].name;
    output = { name, scores: /prob/i.test(name) ? "probabilities" : "logits", labels: [...taskLabels] };
  } else if (scoreOutputs.length > 1) {
    reasons.push(`several outputs could hold the ${taskLabels.length} scores (${names(scoreOutputs)})`);
  } else if (labelOutputs.length === 1 && labelOutputs[0]) {
    output = { name: labelOutputs[0].name, scores: "label_index", labels: [...taskLabels] };
  } else if (labelOutputs.length > 1) {
    reasons.push(`several int outputs could hold the label index (${names(labelOutputs)})`);
  } else {
    reasons.push(
      `no output is a float [batch, ${taskLabels.length}] score tensor or an int [batch] label index (outputs: ${
        graph.outputs.map((tensor) => `${tensor.name} ${tensor.elemType} ${shapeText(tensor.shape)}`).join(", ") ||
        "none"
      })`,
    );
  }

  if (reasons.length > 0 || !textInput || !output) {
    throw new BundleError(
      "MANIFEST_REQUIRED",
      `This .onnx file needs a joulebench.json manifest saying how to feed it and read its scores; upload a .zip holding model.onnx and joulebench.json. Ambiguous: ${reasons.join("; ")}`,
      reasons,
    );
  }
  return { schemaVersion: 1, inputs: { [textInput.name]: "text" }, output };
}

/** [batch] or [batch, 1]: one string, or one label index, per example. An undeclared rank gets the benefit. */
function isOnePerExampleShape(shape: GraphTensor["shape"]): boolean {
  return shape === null || shape.length === 1 || (shape.length === 2 && shape[1] === 1);
}

function shapeText(shape: GraphTensor["shape"]): string {
  return shape === null ? "(undeclared)" : `[${shape.map((dim) => (dim === null ? "?" : String(dim))).join(", ")}]`;
}

function names(tensors: readonly GraphTensor[]): string {
  return tensors.length === 0 ? "none" : quoted(tensors.map((tensor) => tensor.name));
}

function quoted(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(", ");
}
