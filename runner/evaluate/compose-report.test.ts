/** Known answers for the report arithmetic, each number worked out by hand in the comments. */
import { describe, expect, it } from "vitest";
import type { ChildMessage } from "../child-protocol";
import { composeCarbon, composeLatency, composeThroughput, scoreSplits } from "./compose-report";

type LatencyMessage = Extract<ChildMessage, { type: "latency" }>;

describe("scoreSplits", () => {
  // Task labels: 0 negative, 1 positive. The manifest lists ["positive", "negative"], so its index 0 is task
  // label 1 and the other way round: labelMapping = [1, 0].
  const splits = [
    { split: "test", offset: 0, labels: [0, 0, 1, 1] },
    { split: "ood:reviews", offset: 4, labels: [1, 0] },
  ];
  const predicted = [1, 1, 0, 1, 0, 0]; // manifest indices → task labels [0, 0, 1, 0 | 1, 1]

  it("maps manifest indices to task labels before scoring, split by split", () => {
    const [test, ood] = scoreSplits(predicted, splits, [1, 0], 2);
    // test: gold [0,0,1,1] vs [0,0,1,0]; 3 of 4 right. F1(neg) = 4/5, F1(pos) = 2/3, macro 11/15.
    // MCC: TP 1, TN 2, FP 0, FN 1 → (1·2 − 0·1) / √(1·2·2·3) = 2/√12.
    expect(test).toEqual({
      split: "test",
      examples: 4,
      truncated: 0,
      metrics: { accuracy: 0.75, macro_f1: expect.closeTo(11 / 15, 12), mcc: expect.closeTo(2 / Math.sqrt(12), 12) },
      confusion: [
        [2, 0],
        [1, 1],
      ],
    });
    // ood: gold [1,0] vs [1,1].
    expect(ood).toMatchObject({
      split: "ood:reviews",
      examples: 2,
      metrics: { accuracy: 0.5 },
      confusion: [
        [0, 1],
        [0, 1],
      ],
    });
  });

  it("counts the truncated examples of each split from the child's indices", () => {
    const [test, ood] = scoreSplits(predicted, splits, [1, 0], 2, [1, 3, 5]);
    expect(test?.truncated).toBe(2);
    expect(ood?.truncated).toBe(1);
  });

  it("scores the same predictions differently without the flip (the mapping is not ignored)", () => {
    const [test] = scoreSplits(predicted, splits, [0, 1], 2);
    expect(test?.metrics.accuracy).toBe(0.25);
    expect(test?.confusion).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });
});

describe("composeLatency", () => {
  const block = (index: number, totalMs: number[], tokenizeMs: number, postprocessMs: number): LatencyMessage => ({
    type: "latency",
    block: index,
    totalMs,
    tokenizeMs: totalMs.map(() => tokenizeMs),
    postprocessMs: totalMs.map(() => postprocessMs),
    exampleIndex: totalMs.map((_, i) => i),
    predicted: totalMs.map(() => 0),
  });
  // Per block (type-7 percentiles over 5 values):
  //   B1 [1..5]:          p50 3, p90 4.6
  //   B2 [2,4,6,8,10]:    p50 6, p90 9.2
  //   B3 [3..7]:          p50 5, p90 6.6
  // Over 3 blocks the median's interval is [min, max] (coverage 1 − 2·2⁻³ = 0.75).
  const blocks = [
    block(1, [1, 2, 3, 4, 5], 0.2, 0.01),
    block(2, [2, 4, 6, 8, 10], 0.5, 0.03),
    block(3, [3, 4, 5, 6, 7], 0.3, 0.02),
  ];

  it("reports the median over blocks of p50 and p90 with the blocks' interval, and p99 and mean over all queries", () => {
    const latency = composeLatency(blocks);
    expect(latency.p50Ms).toBe(5);
    expect(latency.p50CiMs).toEqual([3, 6]);
    expect(latency.p90Ms).toBeCloseTo(6.6, 12);
    expect(latency.p90CiMs[0]).toBeCloseTo(4.6, 12);
    expect(latency.p90CiMs[1]).toBeCloseTo(9.2, 12);
    expect(latency.relativeWidth).toBeCloseTo(3 / 5, 12);
    expect(latency.ciCoverage).toBeCloseTo(0.75, 12);
    // pooled: 15 values summing to 15 + 30 + 25 = 70; sorted, h = 14 · 0.99 = 13.86 between 8 and 10 → 9.72
    expect(latency.meanMs).toBeCloseTo(70 / 15, 12);
    expect(latency.p99Ms).toBeCloseTo(9.72, 12);
    expect(latency.blocks).toBe(3);
    expect(latency.queriesPerBlock).toEqual([5, 5, 5]);
    expect(latency.tokenizationP50Ms).toBe(0.3);
    expect(latency.postprocessP50Ms).toBe(0.02);
  });

  it("does not depend on the order of the blocks", () => {
    expect(composeLatency([blocks[2]!, blocks[0]!, blocks[1]!])).toEqual(composeLatency(blocks));
  });

  it("refuses to summarize no blocks at all", () => {
    expect(() => composeLatency([])).toThrow(/no latency blocks/);
  });

  it("gives the interval over blocks, not over autocorrelated queries: 10 blocks → [2nd, 9th] of the block medians", () => {
    const ten = Array.from({ length: 10 }, (_, i) => block(i + 1, [10 + i, 10 + i, 10 + i], 0, 0));
    const latency = composeLatency(ten);
    expect(latency.p50CiMs).toEqual([11, 18]);
    expect(latency.ciCoverage).toBeCloseTo(0.978515625, 9); // 1 − 2·P(B ≤ 1), B ~ Binomial(10, ½) = 1 − 2·11/1024
  });
});

describe("composeThroughput", () => {
  it("takes each block's examples per second, their median and interval", () => {
    const throughput = composeThroughput(
      [
        { type: "throughput", block: 1, examples: 640, wallMs: 8000, firstExample: 0, predicted: [] },
        { type: "throughput", block: 2, examples: 640, wallMs: 6400, firstExample: 0, predicted: [] },
        { type: "throughput", block: 3, examples: 640, wallMs: 4000, firstExample: 0, predicted: [] },
      ],
      32,
    );
    // 80, 100, 160 per second
    expect(throughput).toEqual({
      examplesPerSecond: 100,
      ciPerSecond: [80, 160],
      relativeWidth: expect.closeTo(0.8, 12),
      batchSize: 32,
      blocks: 3,
    });
  });
});

describe("composeCarbon", () => {
  it("multiplies Wh per 1000 by the grid intensity and keeps a missing energy missing", () => {
    expect(composeCarbon(1, 481).gramsPerThousand).toBeCloseTo(0.481, 12);
    expect(composeCarbon(null, 481)).toEqual({ gramsPerThousand: null, gridGramsPerKwh: 481 });
  });
});
