import { describe, expect, it } from "vitest";
import { breakEven, DEFAULT_DEPLOYMENT, lifetimeCost, lifetimeQueries } from "./lifetime";

describe("lifetimeCost", () => {
  it("adds inference over the deployment to declared training energy, and converts to carbon", () => {
    // 1,000 queries/day × 365.25 days × 2 years = 730,500 queries; × 36 J = 26,298,000 J = 7.305 kWh.
    const cost = lifetimeCost(36, 1.5, { queriesPerDay: 1000, years: 2, gridGramsPerKwh: 400 });
    expect(cost.queries).toBe(730_500);
    expect(cost.inferenceKwh).toBeCloseTo(7.305, 9);
    expect(cost.totalKwh).toBeCloseTo(8.805, 9);
    expect(cost.carbonKg).toBeCloseTo(8.805 * 0.4, 9);
  });

  it("counts undeclared training energy as missing, not as zero, and totals inference alone", () => {
    const cost = lifetimeCost(3.6, null, { queriesPerDay: 1000, years: 1, gridGramsPerKwh: 481 });
    expect(cost.trainingKwh).toBeNull();
    expect(cost.totalKwh).toBeCloseTo(cost.inferenceKwh, 12);
  });

  it("states its defaults", () => {
    expect(DEFAULT_DEPLOYMENT).toEqual({ queriesPerDay: 1_000_000, years: 2, gridGramsPerKwh: 481 });
    expect(lifetimeQueries(DEFAULT_DEPLOYMENT)).toBe(730_500_000);
  });
});

describe("breakEven", () => {
  it("gives the query count where extra training is repaid by savings per query", () => {
    // 1 kWh more training = 3.6 MJ; saves 0.5 J per query → 7.2 million queries; at 1M/day, 7.2 days.
    const result = breakEven(
      { joulesPerInference: 0.5, trainingKwh: 3 },
      { joulesPerInference: 1, trainingKwh: 2 },
      1_000_000,
    );
    expect(result).toEqual({ kind: "after", queries: 7_200_000, days: 7.2 });
  });

  it("repays immediately when it trained on no more and costs no more per query", () => {
    expect(
      breakEven({ joulesPerInference: 0.5, trainingKwh: 1 }, { joulesPerInference: 1, trainingKwh: 2 }, 1).kind,
    ).toBe("immediately");
  });

  it("never repays when it costs as much or more per query", () => {
    expect(
      breakEven({ joulesPerInference: 1, trainingKwh: 3 }, { joulesPerInference: 1, trainingKwh: 2 }, 1).kind,
    ).toBe("never");
    expect(
      breakEven({ joulesPerInference: 2, trainingKwh: 1 }, { joulesPerInference: 1, trainingKwh: 2 }, 1).kind,
    ).toBe("never");
  });

  it("is unknown, with the reason, when a figure is missing", () => {
    expect(
      breakEven({ joulesPerInference: 1, trainingKwh: null }, { joulesPerInference: 2, trainingKwh: 1 }, 1),
    ).toEqual({
      kind: "unknown",
      reason: "the team did not declare its training energy",
    });
    expect(
      breakEven({ joulesPerInference: 1, trainingKwh: 1 }, { joulesPerInference: 2, trainingKwh: null }, 1).kind,
    ).toBe("unknown");
    expect(
      breakEven({ joulesPerInference: null, trainingKwh: 1 }, { joulesPerInference: 2, trainingKwh: 1 }, 1).kind,
    ).toBe("unknown");
  });
});
