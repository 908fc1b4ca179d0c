import { describe, expect, it } from "vitest";
import { describeResult } from "./follow-submission";

describe("describeResult", () => {
  it("prints quality in percent and energy in Wh per 1,000 inferences with an SI prefix, never an exponent", () => {
    const text = describeResult({
      split: "public",
      examples: 872,
      metrics: { mcc: 0.61, accuracy: 0.81234, macro_f1: 0.8 },
      latencyP50Ms: 0.01234,
      energyWhPerThousand: 1.54e-5,
      energyJoulesPerInference: 5.544e-5,
      energyMethod: "rapl",
      latencyP99Ms: null,
      peakRssBytes: null,
      noisy: true,
      noisyReasons: [],
    });
    expect(text).toBe(
      "Accuracy 81.2%, Macro-F1 80.0%, MCC 0.610, p50 12.3 µs, 15.4 µWh per 1,000 inferences (rapl) (noisy)",
    );
    expect(text).not.toMatch(/\de[+-]?\d/);
  });

  it("says when energy was not measured", () => {
    const text = describeResult({
      split: "dev",
      examples: 1,
      metrics: {},
      latencyP50Ms: null,
      energyWhPerThousand: null,
      energyJoulesPerInference: null,
      energyMethod: null,
      latencyP99Ms: null,
      peakRssBytes: null,
      noisy: false,
      noisyReasons: [],
    });
    expect(text).toContain("energy not measured");
  });
});
