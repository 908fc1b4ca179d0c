/**
 * The lexical-overlap entailment model (overlap-model.ts) as an ONNX graph: the five features computed from
 * input_ids / attention_mask / token_type_ids with comparisons and reductions, then the logistic regression.
 *
 *   inputs  input_ids, attention_mask, token_type_ids   int64 [batch, sequence]
 *   output  logits                                      float [batch, labels]
 *
 * "Does this hypothesis word occur in the premise" is Equal over all [sequence × sequence] id pairs, masked to
 * premise content words and reduced with a max: quadratic in the sequence, but at 256 tokens that is 65k
 * comparisons, nothing next to a transformer layer.
 */
import type { onnx } from "onnx-proto";
import { elemTypeCode } from "../../lib/onnx/data-types";
import { graph, model, node, tensor, valueInfo, type AttributeValue } from "../../lib/onnx/graph-builder";
import { FEATURE_SCALES, OVERLAP_FEATURES, type OverlapModel, type OverlapVocabularyFacts } from "./overlap-model";

const FLOAT = elemTypeCode("float32");

export function exportOverlapModel(
  overlap: OverlapModel,
  facts: OverlapVocabularyFacts,
  producer = "joulebench-baselines",
): Uint8Array {
  const nodes: onnx.NodeProto[] = [];
  const add = (opType: string, inputs: string[], output: string, attributes: Record<string, AttributeValue> = {}) => {
    nodes.push(node(opType, inputs, [output], attributes));
    return output;
  };
  const featureCount = OVERLAP_FEATURES.length;
  const initializers = [
    tensor("sequence_axis", [1], BigInt64Array.of(1n)),
    tensor("axis_1", [1], BigInt64Array.of(1n)),
    tensor("axis_2", [1], BigInt64Array.of(2n)),
    tensor("one", [], Float32Array.of(1)),
    tensor("first_content_id", [], BigInt64Array.of(BigInt(facts.firstContentId))),
    tensor("negation_ids", [facts.negationIds.length], BigInt64Array.from(facts.negationIds, BigInt)),
    tensor("feature_scales", [featureCount], Float32Array.from(FEATURE_SCALES)),
    tensor("weight", [featureCount, overlap.labelCount], overlap.weight),
    tensor("bias", [overlap.labelCount], overlap.bias),
  ];
  const sumOverSequence = (input: string, output: string) =>
    add("ReduceSum", [input, "sequence_axis"], output, { keepdims: 1 });
  const maxOverSequence = (input: string, output: string) =>
    add("ReduceMax", [input], output, { axes: [1], keepdims: 1 });

  const mask = add("Cast", ["attention_mask"], "mask", { to: FLOAT });
  // Padding has type id 0 (tokenizer.json sets no pad_type_id), so type 1 marks exactly the hypothesis' tokens.
  const hypothesisRegion = add("Cast", ["token_type_ids"], "hypothesis_region", { to: FLOAT });
  const premiseRegion = add("Sub", [mask, hypothesisRegion], "premise_region");
  const content = add(
    "Mul",
    [
      add("Cast", [add("GreaterOrEqual", ["input_ids", "first_content_id"], "is_content_word")], "content_flag", {
        to: FLOAT,
      }),
      mask,
    ],
    "content",
  );
  const hypothesisContent = add("Mul", [content, hypothesisRegion], "hypothesis_content");
  const premiseContent = add("Mul", [content, premiseRegion], "premise_content");

  // same[b, i, j] = ids[b, i] == ids[b, j]; kept where j is a premise content word; any over j.
  const idColumn = add("Unsqueeze", ["input_ids", "axis_2"], "id_column");
  const idRow = add("Unsqueeze", ["input_ids", "axis_1"], "id_row");
  const same = add("Cast", [add("Equal", [idColumn, idRow], "same_id")], "same_id_flag", { to: FLOAT });
  const premiseRow = add("Unsqueeze", [premiseContent, "axis_1"], "premise_content_row");
  const inPremise = add("ReduceMax", [add("Mul", [same, premiseRow], "same_as_premise_word")], "in_premise", {
    axes: [2],
    keepdims: 0,
  });
  const matched = sumOverSequence(
    add("Mul", [inPremise, hypothesisContent], "hypothesis_matched_flag"),
    "hypothesis_matched",
  );
  const hypothesisCount = sumOverSequence(hypothesisContent, "hypothesis_count");
  const premiseCount = sumOverSequence(premiseContent, "premise_count");
  const coverage = add("Div", [matched, add("Max", [hypothesisCount, "one"], "hypothesis_count_safe")], "coverage");
  const unmatched = add("Sub", [hypothesisCount, matched], "unmatched");

  const isNegation = add(
    "ReduceMax",
    [add("Cast", [add("Equal", [idColumn, "negation_ids"], "negation_match")], "negation_match_flag", { to: FLOAT })],
    "is_negation",
    { axes: [2], keepdims: 0 },
  );
  const hypothesisNegated = maxOverSequence(
    add("Mul", [isNegation, hypothesisRegion], "hypothesis_negation_flags"),
    "hypothesis_negated",
  );
  const premiseNegated = maxOverSequence(
    add("Mul", [isNegation, premiseRegion], "premise_negation_flags"),
    "premise_negated",
  );
  const negation = add("Abs", [add("Sub", [hypothesisNegated, premiseNegated], "negation_difference")], "negation");

  const features = add("Concat", [coverage, unmatched, negation, hypothesisCount, premiseCount], "raw_features", {
    axis: 1,
  });
  const scaled = add("Mul", [features, "feature_scales"], "features");
  add("Add", [add("MatMul", [scaled, "weight"], "weighted"), "bias"], "logits");

  const tokens = (name: string) => valueInfo(name, "int64", ["batch", "sequence"]);
  return model({
    producer,
    graph: graph({
      name: "lexical_overlap",
      inputs: [tokens("input_ids"), tokens("attention_mask"), tokens("token_type_ids")],
      outputs: [valueInfo("logits", "float32", ["batch", overlap.labelCount])],
      initializers,
      nodes,
    }),
  });
}
