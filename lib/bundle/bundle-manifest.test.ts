import { describe, expect, it } from "vitest";
import { BundleError } from "./bundle-error";
import {
  checkManifestAgainstGraph,
  inferManifestForRawStringGraph,
  parseManifest,
  parseManifestText,
  type GraphSignature,
  type Manifest,
} from "./bundle-manifest";

const TASK_LABELS = ["negative", "positive"];

const tokenManifest = {
  schemaVersion: 1,
  inputs: { input_ids: "input_ids", attention_mask: "attention_mask", token_type_ids: "token_type_ids" },
  maxSequenceLength: 128,
  tokenizer: "tokenizer.json",
  output: { name: "logits", scores: "logits", labels: ["negative", "positive"] },
};

const bertGraph: GraphSignature = {
  inputs: [
    { name: "input_ids", elemType: "int64", shape: ["batch", "sequence"] },
    { name: "attention_mask", elemType: "int64", shape: ["batch", "sequence"] },
    { name: "token_type_ids", elemType: "int64", shape: ["batch", "sequence"] },
  ],
  outputs: [{ name: "logits", elemType: "float32", shape: ["batch", 2] }],
};

function manifestError(json: unknown): BundleError {
  try {
    parseManifest(json);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error("expected parseManifest to throw");
}

describe("parseManifest", () => {
  it("accepts a token-input manifest and returns it typed", () => {
    const manifest = parseManifest(tokenManifest);
    expect(manifest.maxSequenceLength).toBe(128);
    expect(manifest.inputs.attention_mask).toBe("attention_mask");
  });

  it("accepts a raw-string manifest without maxSequenceLength or tokenizer", () => {
    const manifest = parseManifest({
      schemaVersion: 1,
      inputs: { "input.1": "text", pair: "text_pair" },
      output: { name: "label", scores: "label_index", labels: ["positive", "negative"] },
    });
    expect(manifest.tokenizer).toBeUndefined();
    expect(manifest.output.labels).toEqual(["positive", "negative"]);
  });

  it("names every violation with its path in one error", () => {
    const error = manifestError({
      schemaVersion: 1,
      inputs: { input_ids: "token_ids", attention_mask: "attention_mask" },
      output: { name: "logits", scores: "logits", labels: ["negative", "positive"] },
    });
    expect(error.code).toBe("INVALID_MANIFEST");
    expect(error.details).toEqual([
      'inputs.input_ids: must be one of "input_ids", "attention_mask", "token_type_ids", "text", "text_pair"',
      'inputs: token inputs need a graph input taking "input_ids"',
      "maxSequenceLength: required when token inputs are used",
      "tokenizer: required when token inputs are used (add tokenizer.json to the zip and name it here)",
    ]);
    expect(error.message).toContain("inputs.input_ids: must be one of");
    expect(error.message).toContain("maxSequenceLength: required when token inputs are used");
  });

  it("reports wrong types, ranges, unknown fields and missing required fields", () => {
    const error = manifestError({
      schemaVersion: 2,
      inputs: { ids: "input_ids" },
      maxSequenceLength: 5000,
      maxSeqLength: 64,
      tokenizer: "vocab.txt",
      padTokenId: -1,
      output: { name: "", scores: "softmax", labels: [] },
    });
    expect(error.details).toEqual(
      expect.arrayContaining([
        "schemaVersion: must be 1 (the only manifest version there is)",
        "maxSequenceLength: must be at most 4096",
        '(manifest): unknown field "maxSeqLength"',
        'tokenizer: must be "tokenizer.json" (the only tokenizer file a bundle may hold)',
        "padTokenId: cannot be negative",
        "output.name: cannot be empty",
        'output.scores: must be one of "logits", "probabilities", "label_index"',
        "output.labels: must name at least one label",
      ]),
    );
    expect(manifestError({ schemaVersion: 1, inputs: { x: "text" } }).details).toEqual(["output: is required"]);
    expect(
      manifestError({
        schemaVersion: 1,
        inputs: { x: "text" },
        output: { name: "y", scores: "logits", labels: ["a"] },
        maxSequenceLength: 1.5,
      }).details,
    ).toEqual(["maxSequenceLength: must be a whole number"]);
  });

  it("rejects ambiguous or contradictory input roles", () => {
    const error = manifestError({
      schemaVersion: 1,
      inputs: { a: "input_ids", b: "input_ids", c: "text_pair" },
      maxSequenceLength: 16,
      tokenizer: "tokenizer.json",
      output: { name: "y", scores: "logits", labels: ["negative", "negative"] },
    });
    expect(error.details).toEqual([
      'inputs: only one graph input can take "input_ids" ("a", "b" do)',
      "inputs: use either token inputs (input_ids, ...) or raw-string inputs (text, text_pair), not both",
      'inputs: "text_pair" needs a graph input taking "text"',
      'output.labels[1]: "negative" is listed twice',
    ]);
    expect(manifestError({ ...tokenManifest, inputs: {} }).details).toEqual([
      "inputs: must map at least one graph input",
    ]);
  });

  it("quotes graph input names that are not plain identifiers", () => {
    const error = manifestError({ ...tokenManifest, inputs: { "input.1": "ids" } });
    expect(error.details?.[0]).toMatch(/^inputs\["input\.1"\]: must be one of/);
  });

  it("says so when the root is not an object or the text is not JSON", () => {
    expect(manifestError([1, 2]).details).toEqual(["(manifest): joulebench.json must hold a JSON object"]);
    expect(() => parseManifestText("{ schemaVersion: 1 ")).toThrow(/joulebench.json is not valid JSON/);
    expect(parseManifestText(JSON.stringify(tokenManifest)).output.name).toBe("logits");
  });
});

describe("checkManifestAgainstGraph", () => {
  const manifest = parseManifest(tokenManifest);

  it("finds nothing wrong when the manifest matches the graph", () => {
    expect(checkManifestAgainstGraph(manifest, bertGraph, TASK_LABELS)).toEqual([]);
  });

  it("lists every mismatch", () => {
    const graph: GraphSignature = {
      inputs: [
        { name: "input_ids", elemType: "float32", shape: ["batch", 64] },
        { name: "attention_mask", elemType: "int32", shape: ["batch"] },
        { name: "position_ids", elemType: "int64", shape: ["batch", "sequence"] },
      ],
      outputs: [{ name: "probs", elemType: "float32", shape: ["batch", 3] }],
    };
    const mismatched: Manifest = { ...manifest, output: { ...manifest.output, labels: ["negative", "neutral"] } };
    expect(checkManifestAgainstGraph(mismatched, graph, TASK_LABELS)).toEqual([
      'inputs["input_ids"]: "input_ids" needs an int64 or int32 input, the graph\'s is float32',
      'maxSequenceLength: 128 is longer than the 64 tokens graph input "input_ids" takes',
      'inputs["attention_mask"]: "attention_mask" needs shape [batch, sequence], the graph\'s is [batch]',
      'inputs["token_type_ids"]: the graph has no input named "token_type_ids" (its inputs: "input_ids", "attention_mask", "position_ids")',
      'inputs: graph input "position_ids" is not mapped; every graph input needs a role',
      'output.name: the graph has no output named "logits" (its outputs: "probs")',
      'output.labels[1]: "neutral" is not a label of this task (its labels: "negative", "positive")',
    ]);
  });

  it("checks the output's type and width against the scores kind and the labels", () => {
    const graph: GraphSignature = {
      ...bertGraph,
      outputs: [{ name: "logits", elemType: "int64", shape: ["batch", 3] }],
    };
    expect(checkManifestAgainstGraph(manifest, graph, TASK_LABELS)).toEqual([
      'output.scores: "logits" needs a float output, output "logits" is int64',
      'output.labels: lists 2 labels but output "logits" has 3 scores per example',
    ]);
    const labelManifest: Manifest = { ...manifest, output: { ...manifest.output, scores: "label_index" } };
    expect(checkManifestAgainstGraph(labelManifest, graph, TASK_LABELS)).toEqual([
      'output.scores: "label_index" needs shape [batch] or [batch, 1], output "logits" is [batch, 3]',
    ]);
  });

  it("applies no shape rules where the graph does not declare a rank, but still checks types", () => {
    const graph: GraphSignature = {
      inputs: bertGraph.inputs.map((tensor) => ({ ...tensor, shape: null })),
      outputs: [{ name: "logits", elemType: "float32", shape: null }],
    };
    expect(checkManifestAgainstGraph(manifest, graph, TASK_LABELS)).toEqual([]);
    const stringIds: GraphSignature = {
      ...graph,
      inputs: [...graph.inputs.slice(1), { name: "input_ids", elemType: "string", shape: null }],
    };
    expect(checkManifestAgainstGraph(manifest, stringIds, TASK_LABELS)).toEqual([
      'inputs["input_ids"]: "input_ids" needs an int64 or int32 input, the graph\'s is string',
    ]);
  });

  it("requires string tensors for raw-text roles", () => {
    const textManifest = parseManifest({
      schemaVersion: 1,
      inputs: { text: "text" },
      output: { name: "label", scores: "label_index", labels: TASK_LABELS },
    });
    const graph: GraphSignature = {
      inputs: [{ name: "text", elemType: "int64", shape: ["batch", 2] }],
      outputs: [{ name: "label", elemType: "int64", shape: ["batch"] }],
    };
    expect(checkManifestAgainstGraph(textManifest, graph, TASK_LABELS)).toEqual([
      'inputs["text"]: "text" needs a string input, the graph\'s is int64',
      'inputs["text"]: "text" needs shape [batch] or [batch, 1], the graph\'s is [batch, 2]',
    ]);
  });
});

describe("inferManifestForRawStringGraph", () => {
  it("takes the one float [batch, labels] output as the scores (sklearn-onnx style)", () => {
    const graph: GraphSignature = {
      inputs: [{ name: "input", elemType: "string", shape: [null, 1] }],
      outputs: [
        { name: "label", elemType: "int64", shape: [null] },
        { name: "probabilities", elemType: "float32", shape: [null, 2] },
      ],
    };
    expect(inferManifestForRawStringGraph(graph, TASK_LABELS)).toEqual({
      schemaVersion: 1,
      inputs: { input: "text" },
      output: { name: "probabilities", scores: "probabilities", labels: ["negative", "positive"] },
    });
  });

  it("calls an unnamed float score output logits, and falls back to a lone label-index output", () => {
    const logitsGraph: GraphSignature = {
      inputs: [{ name: "text", elemType: "string", shape: ["N"] }],
      outputs: [{ name: "output_0", elemType: "float32", shape: ["N", 2] }],
    };
    expect(inferManifestForRawStringGraph(logitsGraph, TASK_LABELS).output.scores).toBe("logits");
    const labelGraph: GraphSignature = {
      inputs: [{ name: "text", elemType: "string", shape: ["N"] }],
      outputs: [{ name: "predicted", elemType: "int64", shape: ["N"] }],
    };
    expect(inferManifestForRawStringGraph(labelGraph, TASK_LABELS).output).toEqual({
      name: "predicted",
      scores: "label_index",
      labels: TASK_LABELS,
    });
  });

  function inferenceError(graph: GraphSignature): BundleError {
    try {
      inferManifestForRawStringGraph(graph, TASK_LABELS);
    } catch (error) {
      if (error instanceof BundleError) return error;
      throw error;
    }
    throw new Error("expected inference to fail");
  }

  it("asks for a manifest when the inputs are ambiguous, saying why", () => {
    const error = inferenceError({
      inputs: [
        { name: "a", elemType: "string", shape: ["N"] },
        { name: "b", elemType: "string", shape: ["N"] },
        { name: "mask", elemType: "int64", shape: ["N", 8] },
      ],
      outputs: [{ name: "logits", elemType: "float32", shape: ["N", 2] }],
    });
    expect(error.code).toBe("MANIFEST_REQUIRED");
    expect(error.details).toEqual([
      'the graph has 2 string inputs ("a", "b"), not exactly one',
      'the graph has non-string inputs ("mask"), so it needs token inputs described in a manifest',
    ]);
    expect(error.message).toMatch(/needs a joulebench.json manifest/);
    expect(
      inferenceError({
        inputs: [{ name: "t", elemType: "string", shape: ["N", 4] }],
        outputs: [{ name: "y", elemType: "int64", shape: ["N"] }],
      }).details,
    ).toEqual(['string input "t" has shape [N, 4], not [batch] or [batch, 1]']);
  });

  it("asks for a manifest when the scores output is ambiguous or missing", () => {
    const input = { name: "text", elemType: "string", shape: ["N"] } as const;
    expect(
      inferenceError({
        inputs: [input],
        outputs: [
          { name: "logits", elemType: "float32", shape: ["N", 2] },
          { name: "probs", elemType: "float32", shape: ["N", 2] },
        ],
      }).details,
    ).toEqual(['several outputs could hold the 2 scores ("logits", "probs")']);
    expect(
      inferenceError({
        inputs: [input],
        outputs: [
          { name: "a", elemType: "int64", shape: ["N"] },
          { name: "b", elemType: "int32", shape: ["N", 1] },
        ],
      }).details,
    ).toEqual(['several int outputs could hold the label index ("a", "b")']);
    expect(
      inferenceError({ inputs: [input], outputs: [{ name: "emb", elemType: "float32", shape: ["N", 384] }] }).details,
    ).toEqual([
      "no output is a float [batch, 2] score tensor or an int [batch] label index (outputs: emb float32 [N, 384])",
    ]);
  });
});
