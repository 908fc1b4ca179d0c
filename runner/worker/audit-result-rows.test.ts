/** The hidden audit split in a finished evaluation's result rows: no row of its own, its verdict in every row. */
import { describe, expect, it } from "vitest";
import { resultRows } from "./result-rows";
import { sampleReport } from "../../test-support/runner/sample-report";

const testScore = {
  split: "test",
  examples: 100,
  metrics: { accuracy: 1, macro_f1: 1, mcc: 1 },
  confusion: [
    [50, 0],
    [0, 50],
  ],
};
const auditScore = {
  split: "audit",
  examples: 48,
  metrics: { accuracy: 0.5, macro_f1: 0.5, mcc: 0 },
  confusion: [
    [12, 12],
    [12, 12],
  ],
};

describe("result rows of an audited evaluation", () => {
  it("hold every row for review when the audit flags the result, and show no audit row", () => {
    const audit = {
      metric: "accuracy" as const,
      testScore: 1,
      score: 0.5,
      examples: 48,
      gap: 0.5,
      bound: 0.15,
      flagged: true,
    };
    const rows = resultRows("evaluation-1", sampleReport([testScore, auditScore], { audit }));
    expect(rows.map((row) => row.split)).not.toContain("audit");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.heldForReview).toBe(true);
      expect(row.details).toMatchObject({ audit });
    }
  });

  it("rank a result the audit passes, and one without an audit split", () => {
    const report = sampleReport([testScore]);
    const passed = {
      metric: "accuracy" as const,
      testScore: 0.86,
      score: 0.81,
      examples: 48,
      gap: 0.05,
      bound: 0.15,
      flagged: false,
    };
    expect(resultRows("evaluation-2", { ...report, audit: passed }).every((row) => row.heldForReview === false)).toBe(
      true,
    );
    const plain = resultRows("evaluation-3", report);
    expect(plain.every((row) => row.heldForReview === false && !("audit" in (row.details as object)))).toBe(true);
  });
});
