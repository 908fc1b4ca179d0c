/**
 * What a submitted ONNX file is made of, read without running it: opsets, op histogram, parameter counts and
 * sparsity, numeric precisions, input/output signature, an estimate of MACs per example, and external-data
 * references. Throws ModelError for files the runner must refuse (see model-safety.ts).
 */
import type { onnx } from "onnx-proto";
import type { TensorElemTypeName } from "./data-types";
import { walkGraphs, normalizeDomain, opKey } from "./graph-walk";
import { estimateMacs, type MacEstimate } from "./mac-estimate";
import { ModelError } from "./model-error";
import { assertSupportedOpDomains, externalDataReferences, type ExternalDataReference } from "./model-safety";
import { describeValue, type ValueDescription } from "./value-description";
import { parameterStats } from "./parameter-stats";
import { onnxMessages } from "./onnx-proto";
import { inferShapes } from "./shape-inference";
import { int64ToNumber } from "./tensor-values";

export interface ModelFacts {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  /** Domains of the ops actually used (the default domain is reported as "ai.onnx"). */
  domains: string[];
  /** Key "OpType" for the default domain, "domain::OpType" otherwise; subgraph nodes (Loop bodies...) included. */
  opHistogram: Record<string, number>;
  parameters: number;
  nonZeroParameters: number;
  /** 1 - nonZeroParameters / parameters; 0 for a model without parameters. */
  sparsity: number;
  precisionMix: Partial<Record<TensorElemTypeName | "undefined", number>>;
  fileSizeBytes: number;
  inputs: ValueDescription[];
  outputs: ValueDescription[];
  macsPerExample: MacEstimate;
  externalData: ExternalDataReference[];
}

export interface IntrospectOptions {
  /** Tokens per example, bound to symbolic sequence dims when estimating MACs. */
  sequenceLength: number;
}

export function introspectModel(bytes: Uint8Array, { sequenceLength }: IntrospectOptions): ModelFacts {
  const model = decodeModel(bytes);
  const graph = model.graph!;
  assertSupportedOpDomains(model);
  const externalData = externalDataReferences(model);

  const opHistogram: Record<string, number> = {};
  const domains = new Set<string>();
  for (const { graph: visited } of walkGraphs(graph)) {
    for (const node of visited.node ?? []) {
      const key = opKey(node);
      opHistogram[key] = (opHistogram[key] ?? 0) + 1;
      domains.add(normalizeDomain(node.domain));
    }
  }

  const stats = parameterStats(graph, model.functions ?? []);
  const initializerNames = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  const localFunctions = new Set((model.functions ?? []).map((fn) => `${fn.domain ?? ""}::${fn.name ?? ""}`));
  return {
    irVersion: int64ToNumber(model.irVersion as number),
    opsets: (model.opsetImport ?? []).map((opset) => ({
      domain: normalizeDomain(opset.domain),
      version: int64ToNumber(opset.version as number),
    })),
    domains: [...domains].sort(),
    opHistogram,
    parameters: stats.parameters,
    nonZeroParameters: stats.nonZero,
    sparsity: stats.parameters === 0 ? 0 : 1 - stats.nonZero / stats.parameters,
    precisionMix: stats.precisionMix,
    fileSizeBytes: bytes.byteLength,
    // Models from IR < 4 list their initializers among the inputs too; those are weights, not inputs.
    inputs: (graph.input ?? []).filter((input) => !initializerNames.has(input.name)).map(describeValue),
    outputs: (graph.output ?? []).map(describeValue),
    macsPerExample: estimateMacs(graph, inferShapes(graph, sequenceLength), sequenceLength, localFunctions),
    externalData,
  };
}

/** Decodes a model file, refusing bytes that are not one (MALFORMED_MODEL). */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  let model: onnx.ModelProto;
  try {
    model = onnxMessages.ModelProto.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelError(
      "MALFORMED_MODEL",
      `The file is not a valid ONNX model (protobuf decoding failed: ${reason}).`,
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new ModelError(
      "MALFORMED_MODEL",
      "The file decodes but holds no ONNX graph (or an empty one). Export the model with onnx.save or torch.onnx.export.",
    );
  }
  return model;
}
