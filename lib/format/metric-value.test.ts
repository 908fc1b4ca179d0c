import { describe, expect, it } from "vitest";
import { formatMetricValue, inMetricOrder } from "./metric-value";

describe("formatMetricValue", () => {
  it("prints fractions as percentages and MCC as a coefficient", () => {
    expect(formatMetricValue("accuracy", 0.8123)).toBe("81.2%");
    expect(formatMetricValue("mcc", 0)).toBe("0.000");
    expect(formatMetricValue("mcc", -0.2567)).toBe("-0.257");
    expect(formatMetricValue("mcc", null)).toBe("—");
  });

  it("orders known metrics accuracy, macro-F1, F1, MCC, then others by name", () => {
    expect(inMetricOrder(["mcc", "zeta", "accuracy", "alpha", "macro_f1"])).toEqual([
      "accuracy",
      "macro_f1",
      "mcc",
      "alpha",
      "zeta",
    ]);
  });
});
