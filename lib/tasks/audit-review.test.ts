import { describe, expect, it } from "vitest";
import { reviewAudit, withAuditReview } from "./audit-review";
import { parseTaskDefinition, splitFiles } from "./task-definition";

const spec = (path: string) => ({
  path,
  format: "label-text" as const,
  header: false,
  columns: { label: 0, sentence: 1 },
  labelMap: { "0": "no", "1": "yes" },
});
const task = (audit: object | undefined) =>
  parseTaskDefinition({
    slug: "audited",
    title: "Audited",
    inputFields: ["sentence"],
    labels: ["no", "yes"],
    metrics: ["macro_f1", "accuracy"],
    splits: { test: spec("t.txt"), ...(audit ? { audit } : {}) },
    source: { description: "test", url: "https://example.com" },
  });
const scored = (test: number, audit: number) => [
  { split: "test", examples: 100, metrics: { accuracy: 0.5, macro_f1: test } },
  { split: "audit", examples: 48, metrics: { accuracy: 0.5, macro_f1: audit } },
];

describe("audit split", () => {
  it("is a split of the task definition, with its bound", () => {
    const audited = task({ ...spec("audit.txt"), maxScoreGap: 0.15 });
    expect(splitFiles(audited).map((file) => file.split)).toEqual(["test", "audit"]);
    expect(() => task({ ...spec("audit.txt") })).toThrow(/maxScoreGap/);
    expect(() => task({ ...spec("audit.txt"), maxScoreGap: 0.1, labelMap: { "0": "maybe" } })).toThrow(
      /"maybe" is not one of the task's labels/,
    );
  });

  it("flags a drop from test to audit beyond the bound, on the headline metric", () => {
    const audited = task({ ...spec("audit.txt"), maxScoreGap: 0.15 });
    expect(reviewAudit(scored(1.0, 0.55), audited)).toEqual({
      metric: "macro_f1",
      testScore: 1.0,
      score: 0.55,
      examples: 48,
      gap: expect.closeTo(0.45, 12),
      bound: 0.15,
      flagged: true,
    });
    expect(reviewAudit(scored(0.86, 0.8), audited)?.flagged).toBe(false);
    // Exactly at the bound is within it.
    expect(reviewAudit(scored(0.75, 0.5), task({ ...spec("audit.txt"), maxScoreGap: 0.25 }))?.flagged).toBe(false);
  });

  it("gives no verdict without an audit split or its score", () => {
    expect(reviewAudit(scored(1, 0.5), task(undefined))).toBeUndefined();
    expect(reviewAudit(scored(1, 0.5).slice(0, 1), task({ ...spec("audit.txt"), maxScoreGap: 0.1 }))).toBeUndefined();
    expect(withAuditReview(scored(1, 0.5), task(undefined))).not.toHaveProperty("audit");
  });
});
