import { describe, expect, it } from "vitest";
import type { MeasuredRun } from "./measure-all";
import { chartPoints, logTicks, renderQualityEnergySvg } from "./quality-energy-chart";

const run = (
  name: string,
  task: string,
  profile: string,
  accuracy: number,
  joules: number,
  status: "ok" | "failed" = "ok",
): MeasuredRun => ({
  name,
  task,
  profile,
  splits: ["test"],
  status,
  report: {
    scores: [
      { split: "dev", metrics: { accuracy: 0.1 } },
      { split: "test", metrics: { accuracy, macro_f1: accuracy - 0.01 } },
    ],
    energy: { joulesPerInference: joules },
  },
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

  it("ticks every digit within a decade, 1-2-5 across two, powers of ten beyond", () => {
    expect(logTicks(0.13, 0.55)).toEqual([0.2, 0.3, 0.4, 0.5]);
    expect(logTicks(0.05, 2)).toEqual([0.05, 0.1, 0.2, 0.5, 1, 2]);
    expect(logTicks(0.01, 5)).toEqual([0.01, 0.1, 1]);
  });

  it("gives a crowded task a full-width panel, labels each model once and keeps labels apart", () => {
    const crowded = ["a", "b", "c", "d", "e"].flatMap((suffix) => [
      run(`sst2-${suffix}`, "sst2", "cpu-1t", 0.815, 1.6e-4),
      run(`sst2-${suffix}`, "sst2", "cpu-2t", 0.815, 3.2e-4),
    ]);
    const svg = renderQualityEnergySvg(chartPoints([...crowded, runs[2]!], () => "accuracy"));
    expect(svg).toMatch(/<rect x="64" y="70" width="796"/); // sst2 spans the first row
    expect(svg).toMatch(/<rect x="64" y="410" width="356"/); // sms-spam starts the second
    const labels = [
      ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="10" fill="#333">([a-e]) · 81.50%<\/text>/g),
    ];
    expect(labels.map((label) => label[3]).sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(new Set(labels.map((label) => label[2])).size).toBe(5);
    expect(svg.match(/stroke="#bbb"/g)).toHaveLength(6); // one line per model joining its two profiles, and the legend's
    expect(svg).toContain("one model on each profile");
  });

  it("says so when there is nothing to draw", () => {
    expect(renderQualityEnergySvg([])).toContain("no measured runs");
  });
});
