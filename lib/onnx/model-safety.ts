/**
 * Refuses models that onnxruntime could not run as submitted, or that would make it read files outside the
 * submission: ops from custom domains (they need a native library we will not load) and external-data paths
 * that escape the model's folder.
 */
import type { onnx } from "onnx-proto";
import { graphTensors, normalizeDomain, walkGraphs } from "./graph-walk";
import { ModelError } from "./model-error";

/** Domains whose kernels ship inside onnxruntime itself (https://onnxruntime.ai/docs/reference/operators/). */
export const ONNXRUNTIME_DOMAINS: ReadonlySet<string> = new Set(["ai.onnx", "ai.onnx.ml", "com.microsoft"]);

export function assertSupportedOpDomains(model: onnx.IModelProto): void {
  // A model-local function (IR >= 8) may live in any domain: onnxruntime inlines it, so what matters is that
  // its body only uses supported domains. That body is checked below like any graph.
  const localFunctions = new Set((model.functions ?? []).map((fn) => `${normalizeDomain(fn.domain)}::${fn.name}`));
  const check = (node: onnx.INodeProto, where: string) => {
    const domain = normalizeDomain(node.domain);
    if (ONNXRUNTIME_DOMAINS.has(domain) || localFunctions.has(`${domain}::${node.opType}`)) return;
    throw new ModelError(
      "UNSUPPORTED_OP_DOMAIN",
      `Node "${node.name ?? ""}" (op ${node.opType} in domain "${domain}", ${where}) uses a domain onnxruntime does ` +
        `not provide. Only standard ONNX, ai.onnx.ml and com.microsoft ops are allowed; custom-op libraries are not loaded.`,
    );
  };
  if (model.graph) {
    for (const { graph, path } of walkGraphs(model.graph))
      for (const node of graph.node ?? []) check(node, `graph ${path}`);
  }
  for (const fn of model.functions ?? []) for (const node of fn.node ?? []) check(node, `function ${fn.name}`);
}

export interface ExternalDataReference {
  tensor: string;
  location: string;
}

/** Lists external-data references, refusing any whose location could point outside the model's folder. */
export function externalDataReferences(model: onnx.IModelProto): ExternalDataReference[] {
  const references: ExternalDataReference[] = [];
  if (!model.graph) return references;
  for (const { graph } of walkGraphs(model.graph)) {
    for (const tensor of graphTensors(graph)) {
      const entries = tensor.externalData ?? [];
      if (entries.length === 0 && tensor.dataLocation !== 1) continue;
      const location = entries.find((entry) => entry.key === "location")?.value ?? "";
      const problem = unsafeLocationReason(location);
      if (problem) {
        throw new ModelError(
          "UNSAFE_EXTERNAL_DATA",
          `Tensor "${tensor.name ?? ""}" stores its data externally at "${location}", which ${problem}. External ` +
            `data must be a plain relative path inside the submission.`,
        );
      }
      references.push({ tensor: tensor.name ?? "", location });
    }
  }
  return references;
}

function unsafeLocationReason(location: string): string | undefined {
  if (location === "") return "is empty";
  if (location.includes("\0")) return "contains a NUL byte";
  if (location.includes("\\")) return "contains a backslash";
  // "..": stricter than path-segment matching on purpose; no legitimate export needs ".." anywhere in a name.
  if (location.includes("..")) return 'contains ".."';
  if (location.startsWith("/") || /^[A-Za-z]:/.test(location)) return "is absolute";
  return undefined;
}
