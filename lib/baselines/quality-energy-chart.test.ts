import { describe, expect, it } from "vitest";
import type { MeasuredRun } from "./measure-all";
import { chartPoints, renderQualityEnergySvg } from "./quality-energy-chart";

const run = (name: string, task: string, profile: string, accuracy: number, joules: number, status: "ok" | "failed" = "ok"): MeasuredRun => ({
  name,
  task,
  profile,
  splits: ["test"],
  status,
  report: { scores: [{ split: "dev", metrics: { accuracy: 0.1 } }, { split: "test", metrics: { accuracy, macro_f1: accuracy - 0.01 } }], energy: { joulesPerInference: joules } },
});

describe("quality vs energy chart", () => {
  const runs = [
    run("sst2-bag-d16", "sst2", "cpu-1t", 0.81, 4e-4),
    run("sst2-ngram-mlp-teacher", "sst2", "cpu-2t", 0.82, 3e-3),
    run("sms-spam-bag-bigram", "sms-spam", "cpu-1t", 0.99, 5e-4),
    run("broken", "sst2", "cpu-1t", 0.5, 1e-3, "failed"),
  ];

  it("takes the test split's headline metric and the energy of each successful run", () => {
    const points = chartPoints(runs, (task) => (task === "sms-spam" ? "macro_f1" : "accuracy"));
    expect(points.map((point) => [point.name, point.quality])).toEqual([
      ["sst2-bag-d16", 0.81],
      ["sst2-ngram-mlp-teacher", 0.82],
      ["sms-spam-bag-bigram", 0.98],
    ]);
  });

  it("draws one panel per task and one point per run, escaping names", () => {
    const points = chartPoints([...runs, run("sst2-<odd>&name", "sst2", "cpu-1t", 0.8, 1e-3)], () => "accuracy");
    const svg = renderQualityEnergySvg(points);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<circle cx=/g)?.length).toBe(points.length + 2); // + the two legend dots
    expect(svg).toContain(">sst2</text>");
    expect(svg).toContain(">sms-spam</text>");
    expect(svg).toContain("&#60;odd&#62;&#38;name");
    expect(svg).not.toContain("NaN");
  });

  it("says so when there is nothing to draw", () => {
    expect(renderQualityEnergySvg([])).toContain("no measured runs");
  });
});
