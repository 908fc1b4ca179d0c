import { describe, expect, it } from "vitest";
import { classificationMetrics } from "../measure/classification-metrics";
import { publicPrivateSplit } from "../../lib/tasks/public-private-split";
import { scoreSplits } from "../evaluate/compose-report";
import { resultRows } from "./result-rows";
import { sampleReport } from "../../test-support/runner/sample-report";

// 20 test examples and 4 out-of-domain ones; the model (manifest order reversed) is right on every third.
const testLabels = Array.from({ length: 20 }, (_, index) => index % 2);
const oodLabels = [1, 1, 0, 0];
const labelMapping = [1, 0];
const predictedTaskLabels = [...testLabels.map((label, index) => (index % 3 === 0 ? label : 1 - label)), 1, 0, 0, 0];
const predicted = predictedTaskLabels.map((label) => labelMapping.indexOf(label));
const halves = publicPrivateSplit(testLabels.length, 0.4, 7);

function scores() {
  return scoreSplits(
    predicted,
    [
      {
        split: "test",
        offset: 0,
        labels: testLabels,
        parts: [
          { name: "public", indices: halves.publicIndices },
          { name: "private", indices: halves.privateIndices },
        ],
      },
      { split: "ood:reviews", offset: 20, labels: oodLabels },
    ],
    labelMapping,
    2,
  );
}

describe("scoreSplits with parts", () => {
  it("scores each part on exactly its own examples", () => {
    const [test] = scores();
    const expected = (indices: number[]) => {
      const { confusion, ...metrics } = classificationMetrics(
        indices.map((i) => testLabels[i]!),
        indices.map((i) => predictedTaskLabels[i]!),
        2,
      );
      return { examples: indices.length, metrics, confusion };
    };
    expect(test!.parts).toEqual([
      { name: "public", ...expected(halves.publicIndices) },
      { name: "private", ...expected(halves.privateIndices) },
    ]);
    expect(test!.parts!.map((part) => part.examples)).toEqual([8, 12]);
    // The whole split is still scored as before.
    expect(test).toMatchObject({ split: "test", examples: 20 });
  });

  it("leaves out an empty part", () => {
    const [test] = scoreSplits(
      predicted.slice(0, 4),
      [
        {
          split: "test",
          offset: 0,
          labels: testLabels.slice(0, 4),
          parts: [
            { name: "public", indices: [] },
            { name: "private", indices: [0, 1, 2, 3] },
          ],
        },
      ],
      labelMapping,
      2,
    );
    expect(test!.parts!.map((part) => part.name)).toEqual(["private"]);
  });
});

describe("resultRows", () => {
  it("writes the test split as its public and private parts, and every other split under its name", () => {
    const report = sampleReport(scores());
    const rows = resultRows("evaluation-1", report);
    expect(rows.map((row) => [row.split, row.examples])).toEqual([
      ["public", 8],
      ["private", 12],
      ["ood:reviews", 4],
    ]);
    const [publicRow, privateRow, oodRow] = rows;
    expect(publicRow!.metrics).toEqual(report.scores[0]!.parts![0]!.metrics);
    expect(privateRow!.metrics).toEqual(report.scores[0]!.parts![1]!.metrics);
    expect(oodRow!.metrics).toEqual(report.scores[1]!.metrics);
    expect(oodRow!.details).toMatchObject({ confusion: report.scores[1]!.confusion });
  });

  it("carries the measured figures, the energy method and the sandbox flag on every row", () => {
    const rows = resultRows("evaluation-1", sampleReport(scores(), { sandboxed: false, noisy: true }));
    for (const row of rows) {
      expect(row).toMatchObject({
        evaluationId: "evaluation-1",
        latencyP50Ms: 1.5,
        latencyP50CiLowMs: 1.4,
        latencyP50CiHighMs: 1.6,
        throughputPerSecond: 900,
        energyJoulesPerInference: 0.02,
        energyMethod: "estimated",
        carbonGramsPerThousand: 0.0027,
        peakRssBytes: 100_000_000,
        sandboxed: false,
        noisy: true,
        modelFacts: { parameters: 181 },
        hostFingerprint: { cpuModel: "Test CPU" },
      });
      expect(row.details).toMatchObject({ versions: { protocol: "test" }, energy: { method: "estimated" } });
    }
  });

  it("writes the headline intervals, gross and net energy with each part's method, the noisy reasons and re-runs as columns", () => {
    const report = sampleReport(scores(), {
      noisy: true,
      noisyReasons: ["energy interval is 8.0% of its value wide (limit 5.0%)"],
      reruns: 2,
    });
    for (const row of resultRows("evaluation-1", report)) {
      expect(row).toMatchObject({
        latencyP90CiLowMs: 1.9,
        latencyP90CiHighMs: 2.1,
        throughputCiLowPerSecond: 890,
        throughputCiHighPerSecond: 910,
        energyCiLowJoulesPerInference: 0.0195,
        energyCiHighJoulesPerInference: 0.0205,
        energyKind: "estimated",
        energyGrossJoulesPerInference: 0.025,
        energyGrossCiLowJoulesPerInference: 0.0245,
        energyGrossCiHighJoulesPerInference: 0.0255,
        energyHostMethod: "estimated",
        energyHostJoulesPerInference: 0.02,
        energyGpuMethod: null,
        energyGpuJoulesPerInference: null,
        noisy: true,
        noisyReasons: ["energy interval is 8.0% of its value wide (limit 5.0%)"],
        reruns: 2,
        interference: { latency: { runQueueShare: 0.001 } },
      });
      expect(row.details).toMatchObject({ consistency: { checked: 2048, mismatched: 0 } });
    }
  });

  it("keeps a test split without parts under its own name", () => {
    const [test] = scoreSplits(
      predicted.slice(0, 20),
      [{ split: "test", offset: 0, labels: testLabels }],
      labelMapping,
      2,
    );
    expect(resultRows("evaluation-1", sampleReport([test!])).map((row) => row.split)).toEqual(["test"]);
  });
});
