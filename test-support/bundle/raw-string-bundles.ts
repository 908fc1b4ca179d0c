/**
 * Test support: bundles whose graph takes raw strings, one string input ("text") or two ("text" and "text_pair"),
 * for the checks of a bundle's inputs against a task's input fields. The graph maps the first string to a label
 * index through a LabelEncoder; the pair's second string is declared and ignored, which is all a check that reads
 * the graph's signature needs.
 */
import { graph, model, node, valueInfo } from "../../lib/onnx/graph-builder";
import { writeZip } from "./build-zip";

const ML_OPSETS = [
  { domain: "", version: 17 },
  { domain: "ai.onnx.ml", version: 3 },
];

export async function writeRawStringBundle(
  zipPath: string,
  options: { pair: boolean; labels: readonly string[] },
): Promise<string> {
  const inputs = [
    valueInfo("text", "string", ["batch"]),
    ...(options.pair ? [valueInfo("pair", "string", ["batch"])] : []),
  ];
  const bytes = model({
    opsets: ML_OPSETS,
    graph: graph({
      name: options.pair ? "raw_string_pair" : "raw_string",
      inputs,
      outputs: [valueInfo("label", "int64", ["batch"])],
      nodes: [
        node(
          "LabelEncoder",
          ["text"],
          ["label"],
          { keys_strings: ["good"], values_int64s: [1], default_int64: 0 },
          "ai.onnx.ml",
        ),
      ],
    }),
  });
  const manifest = {
    schemaVersion: 1,
    inputs: options.pair ? { text: "text", pair: "text_pair" } : { text: "text" },
    output: { name: "label", scores: "label_index", labels: options.labels },
  };
  await writeZip(zipPath, [
    { name: "model.onnx", data: Buffer.from(bytes) },
    { name: "joulebench.json", data: JSON.stringify(manifest) },
  ]);
  return zipPath;
}
