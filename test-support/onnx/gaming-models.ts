/**
 * Models that try to game the runner's figures, one per finding of the integrity audit, for the tests that show
 * each one caught or counted: lookup tables over the evaluation texts (whole or hashed), weights hidden where a
 * parameter count might not look (op attributes, an "ai.onnx"-spelled Constant, 4-bit packed weights), a graph
 * that branches on the batch size, and one whose Loop never ends.
 */
import type { onnx } from "onnx-proto";
import { murmurHash3 } from "../../runner/integrity/text-hashes";
import { float, floats, graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";

const ML_OPSETS = [
  { domain: "", version: 17 },
  { domain: "ai.onnx.ml", version: 3 },
  { domain: "com.microsoft", version: 1 },
];
const TEXT_INPUT = valueInfo("text", "string", ["batch"]);
const LABEL_OUTPUT = valueInfo("label", "int64", ["batch"]);
const TOKEN_INPUTS = [
  valueInfo("input_ids", "int64", ["batch", "sequence"]),
  valueInfo("attention_mask", "int64", ["batch", "sequence"]),
];

/** text → label index through one ai.onnx.ml LabelEncoder over the given texts: 0 parameters in a naive count. */
export function lookupTableModel(texts: readonly string[], labels: readonly number[]): Uint8Array {
  return model({
    opsets: ML_OPSETS,
    graph: graph({
      name: "lookup_table",
      inputs: [TEXT_INPUT],
      outputs: [LABEL_OUTPUT],
      nodes: [
        node(
          "LabelEncoder",
          ["text"],
          ["label"],
          { keys_strings: [...texts], values_int64s: [...labels], default_int64: 0 },
          "ai.onnx.ml",
        ),
      ],
    }),
  });
}

/**
 * The same table keyed by MurmurHash3 of the lower-cased text, as onnxruntime's com.microsoft MurmurHash3 op
 * computes it in the graph (StringNormalizer LOWER, then the hash, unsigned): no evaluation string is stored.
 */
export function hashedLookupTableModel(texts: readonly string[], labels: readonly number[], seed = 0): Uint8Array {
  const keys = texts.map((text) => murmurHash3(new TextEncoder().encode(text.toLowerCase()), seed));
  return model({
    opsets: ML_OPSETS,
    graph: graph({
      name: "hashed_lookup_table",
      inputs: [TEXT_INPUT],
      outputs: [LABEL_OUTPUT],
      nodes: [
        node("StringNormalizer", ["text"], ["lowered"], { case_change_action: "LOWER", locale: "C.UTF-8" }),
        node("MurmurHash3", ["lowered"], ["hash"], { seed, positive: 1 }, "com.microsoft"),
        node("Cast", ["hash"], ["hash64"], { to: 7 }),
        node(
          "LabelEncoder",
          ["hash64"],
          ["label"],
          { keys_int64s: keys, values_int64s: [...labels], default_int64: 0 },
          "ai.onnx.ml",
        ),
      ],
    }),
  });
}

/**
 * A per-token score table held in a LabelEncoder's attributes (keys_int64s, values_floats): logits = [-s, s]
 * with s the mean score of the tokens. `vocabSize` keys and as many float weights, none in an initializer.
 */
export function attributeWeightTableModel(vocabSize: number, seed = 3): Uint8Array {
  const scores = randomFloats(vocabSize, mulberry32(seed));
  return tokenScoreTableModel(new Map(Array.from(scores, (score, id): [number, number] => [id, score])));
}

/** The same shape of model over an explicit table token id → score (unlisted tokens score 0). */
export function tokenScoreTableModel(table: ReadonlyMap<number, number>): Uint8Array {
  return model({
    opsets: ML_OPSETS,
    graph: graph({
      name: "attribute_weight_table",
      inputs: TOKEN_INPUTS,
      outputs: [valueInfo("logits", "float32", ["batch", 2])],
      initializers: [tensor("signs", [1, 2], new Float32Array([-1, 1]))],
      nodes: [
        node(
          "LabelEncoder",
          ["input_ids"],
          ["token_scores"],
          {
            keys_int64s: [...table.keys()],
            values_floats: floats([...table.values()]),
            default_float: float(0),
          },
          "ai.onnx.ml",
        ),
        node("ReduceMean", ["token_scores"], ["mean_score"], { axes: [1], keepdims: 1 }),
        node("Mul", ["mean_score", "signs"], ["logits"]),
      ],
    }),
  });
}

/** A [rows, columns] weight in a Constant node whose domain is spelled "ai.onnx" instead of "". */
export function aiOnnxConstantModel(rows: number, columns: number, seed = 5): Uint8Array {
  const weight = tensor("weight_value", [rows, columns], randomFloats(rows * columns, mulberry32(seed)));
  return model({
    graph: graph({
      name: "ai_onnx_constant",
      inputs: [valueInfo("x", "float32", ["batch", rows])],
      outputs: [valueInfo("y", "float32", ["batch", columns])],
      nodes: [node("Constant", [], ["weight"], { value: weight }, "ai.onnx"), node("MatMul", ["x", "weight"], ["y"])],
    }),
  });
}

/**
 * y = x · W with W [K, N] quantized to `bits` bits in blocks of 32, as com.microsoft MatMulNBits stores it:
 * B uint8 [N, K/32, 32·bits/8], one float scale per block.
 */
export function packedWeightModel(rows: number, columns: number, { bits = 4, blockSize = 32 } = {}): Uint8Array {
  const blocks = Math.ceil(rows / blockSize);
  const blobBytes = (blockSize * bits) / 8;
  const packed = Uint8Array.from({ length: columns * blocks * blobBytes }, (_, index) => (index * 37 + 11) & 0xff);
  return model({
    opsets: ML_OPSETS,
    graph: graph({
      name: "packed_weights",
      inputs: [valueInfo("x", "float32", ["batch", rows])],
      outputs: [valueInfo("y", "float32", ["batch", columns])],
      initializers: [
        tensor("packed_weight", [columns, blocks, blobBytes], packed),
        tensor("scales", [columns * blocks], new Float32Array(columns * blocks).fill(0.01)),
      ],
      nodes: [
        node(
          "MatMulNBits",
          ["x", "packed_weight", "scales"],
          ["y"],
          { K: rows, N: columns, bits, block_size: blockSize },
          "com.microsoft",
        ),
      ],
    }),
  });
}

/** Nodes computing "batch_is_one" (bool scalar) from input_ids' run-time shape. */
function batchIsOne(): { nodes: onnx.NodeProto[]; initializers: onnx.TensorProto[] } {
  return {
    initializers: [
      tensor("first", [1], new BigInt64Array([0n])),
      tensor("second", [1], new BigInt64Array([1n])),
      tensor("one", [], new BigInt64Array([1n])),
    ],
    nodes: [
      node("Shape", ["input_ids"], ["ids_shape"]),
      node("Slice", ["ids_shape", "first", "second"], ["batch"]),
      node("Squeeze", ["batch", "first"], ["batch_scalar"]),
      node("Equal", ["batch_scalar", "one"], ["batch_is_one"]),
    ],
  };
}

/**
 * Branches on the batch size: batch 1 (the latency pass) takes a cheap path with constant logits; larger
 * batches (the accuracy pass) compute mean(ids) · W through a [dimension, dimension] MatMul inside the If.
 */
export function batchSizeBranchModel({ dimension = 64, seed = 9 } = {}): Uint8Array {
  const condition = batchIsOne();
  const cheap = graph({
    name: "cheap_branch",
    inputs: [],
    outputs: [valueInfo("cheap_logits", "float32", ["batch", 2])],
    nodes: [node("Identity", ["constant_logits"], ["cheap_logits"])],
  });
  const costly = graph({
    name: "costly_branch",
    inputs: [],
    outputs: [valueInfo("costly_logits", "float32", ["batch", 2])],
    nodes: [
      node("Cast", ["input_ids"], ["ids_float"], { to: 1 }),
      node("ReduceMean", ["ids_float"], ["mean_id"], { axes: [1], keepdims: 1 }),
      node("Mul", ["mean_id", "ones_row"], ["features"]),
      node("MatMul", ["features", "branch_weight"], ["hidden"]),
      node("MatMul", ["hidden", "to_labels"], ["costly_logits"]),
    ],
  });
  const random = mulberry32(seed);
  return model({
    graph: graph({
      name: "batch_size_branch",
      inputs: TOKEN_INPUTS,
      outputs: [valueInfo("logits", "float32", ["batch", 2])],
      initializers: [
        ...condition.initializers,
        tensor("constant_logits", [1, 2], new Float32Array([0, 1])),
        tensor("ones_row", [1, dimension], new Float32Array(dimension).fill(1)),
        tensor("branch_weight", [dimension, dimension], randomFloats(dimension * dimension, random)),
        tensor("to_labels", [dimension, 2], randomFloats(dimension * 2, random)),
      ],
      nodes: [
        ...condition.nodes,
        node("If", ["batch_is_one"], ["logits"], { then_branch: cheap, else_branch: costly }),
      ],
    }),
  });
}

const endlessBody = () =>
  graph({
    name: "endless_body",
    inputs: [valueInfo("step", "int64", []), valueInfo("keep_going", "bool", []), valueInfo("state_in", "float32", [])],
    outputs: [valueInfo("keep_going_out", "bool", []), valueInfo("state_out", "float32", [])],
    nodes: [
      node("Identity", ["keep_going"], ["keep_going_out"]),
      node("Add", ["state_in", "step_size"], ["state_out"]),
    ],
  });

/**
 * Answers batches of several examples at once (the accuracy pass), but a batch of one (the latency pass) enters
 * a Loop that never ends: the run stalls after its first batches, not before.
 */
export function stallsOnSingleExamplesModel(): Uint8Array {
  const condition = batchIsOne();
  const endless = graph({
    name: "endless_branch",
    inputs: [],
    outputs: [valueInfo("endless_logits", "float32", ["batch", 2])],
    nodes: [
      node("Loop", ["", "always", "start_value"], ["state_end"], { body: endlessBody() }),
      node("Mul", ["state_end", "zero_logits"], ["endless_logits"]),
    ],
  });
  const answers = graph({
    name: "answering_branch",
    inputs: [],
    outputs: [valueInfo("answer_logits", "float32", ["batch", 2])],
    nodes: [
      node("Cast", ["input_ids"], ["ids_float"], { to: 1 }),
      node("ReduceMean", ["ids_float"], ["mean_id"], { axes: [1], keepdims: 1 }),
      node("Mul", ["mean_id", "zero_logits"], ["answer_logits"]),
    ],
  });
  return model({
    graph: graph({
      name: "stalls_on_single_examples",
      inputs: TOKEN_INPUTS,
      outputs: [valueInfo("logits", "float32", ["batch", 2])],
      initializers: [
        ...condition.initializers,
        tensor("always", [], [true]),
        tensor("step_size", [], new Float32Array([1])),
        tensor("start_value", [], new Float32Array([0])),
        tensor("zero_logits", [1, 2], new Float32Array([0, 0])),
      ],
      nodes: [
        ...condition.nodes,
        node("If", ["batch_is_one"], ["logits"], { then_branch: endless, else_branch: answers }),
      ],
    }),
  });
}

/** A Loop with no trip count whose condition stays true: it never ends, whatever the input. */
export function endlessLoopModel(): Uint8Array {
  const body = endlessBody();
  return model({
    graph: graph({
      name: "endless_loop",
      inputs: TOKEN_INPUTS,
      outputs: [valueInfo("logits", "float32", ["batch", 2])],
      initializers: [
        tensor("always", [], [true]),
        tensor("step_size", [], new Float32Array([1])),
        tensor("zero_logits", [1, 2], new Float32Array([0, 0])),
        tensor("zero_float", [], new Float32Array([0])),
      ],
      nodes: [
        node("Cast", ["input_ids"], ["ids_float"], { to: 1 }),
        node("ReduceMean", ["ids_float"], ["mean_id"], { keepdims: 0 }),
        node("Loop", ["", "always", "mean_id"], ["state_end"], { body }),
        node("Mul", ["state_end", "zero_logits"], ["scaled"]),
        node("Mul", ["ids_float", "zero_float"], ["ids_zero"]),
        node("ReduceMean", ["ids_zero"], ["ids_zero_sum"], { axes: [1], keepdims: 1 }),
        node("Add", ["scaled", "ids_zero_sum"], ["logits"]),
      ],
    }),
  });
}
