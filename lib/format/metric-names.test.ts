import { expect, it } from "vitest";
import { formatQualityPercent, metricTitle } from "./metric-names";

it("names the stored metrics the way a reader knows them", () => {
  expect(metricTitle("accuracy")).toBe("Accuracy");
  expect(metricTitle("macro_f1")).toBe("Macro-F1");
  expect(metricTitle("mcc")).toBe("MCC");
  expect(metricTitle("benchmark_score")).toBe("Benchmark score");
});

it("prints quality as a percentage with one decimal, and a dash when missing", () => {
  expect(formatQualityPercent(0.9174)).toBe("91.7%");
  expect(formatQualityPercent(null)).toBe("—");
  expect(formatQualityPercent(Number.NaN)).toBe("—");
});

it("prints a task's weight as written", async () => {
  const { formatWeight } = await import("./metric-names");
  expect(formatWeight(1)).toBe("1");
  expect(formatWeight(0.5)).toBe("0.5");
  expect(formatWeight(2.3456)).toBe("2.35");
});
