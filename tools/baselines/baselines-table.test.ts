import { describe, expect, it } from "vitest";
import {
  TABLE_END,
  TABLE_START,
  costTable,
  formatBytes,
  provenance,
  qualityTables,
  significant,
  spliceTables,
  weightPrecision,
  type TableContext,
} from "./baselines-table";
import type { MeasuredRun } from "./measure-all";

const metrics = (accuracy: number) => ({ accuracy, macro_f1: accuracy - 0.01, mcc: accuracy - 0.2 });

function okRun(name: string, task: string, profile: string, overrides: Record<string, unknown> = {}): MeasuredRun {
  return {
    name,
    task,
    profile,
    splits: ["test"],
    status: "ok",
    report: {
      status: "ok",
      scores: [
        { split: "test", examples: 1821, metrics: metrics(0.8171) },
        ...(task === "sst2" ? [{ split: "ood:amazon", examples: 1000, metrics: metrics(0.779) }] : []),
      ],
      latency: { p50Ms: 0.046429, p90Ms: 0.086228, relativeWidth: 0.0919, p50CiMs: [0.0451, 0.0494] },
      throughput: { examplesPerSecond: 23185.23 },
      energy: {
        method: "estimated",
        joulesPerInference: 0.00017377,
        relativeWidth: 0.517,
        ciJoulesPerInference: [0.00015, 0.00024],
        grossJoulesPerInference: 0.000201,
      },
      model: {
        parameters: 221461,
        nonZeroParameters: 221461,
        precisionMix: { int64: 2, float32: 221459 },
        fileSizeBytes: 886875,
        macsPerExample: { total: 32, uncounted: [] },
      },
      noisy: true,
      host: { cpuModel: "AMD EPYC", cores: 2 },
      versions: { onnxruntime: "1.30.0", node: "v20.20.2", protocol: "2026.11-1" },
      ...overrides,
    },
  };
}

const failedRun: MeasuredRun = {
  name: "broken",
  task: "sst2",
  profile: "cpu-2t",
  splits: ["test"],
  status: "failed",
  report: { status: "failed", error: { code: "TIMEOUT", message: "ran past" } },
};

const context: TableContext = {
  metricsOf: (task) => (task === "sms-spam" ? ["macro_f1", "mcc", "accuracy"] : ["accuracy", "macro_f1", "mcc"]),
  cardQuality: {
    "sms-spam-bag": [
      { set: "sms half — held out", examples: 2788, accuracy: 0.9889, macro_f1: 0.9754, mcc: 0.9515 },
      { set: "all of it — half is training data", examples: 1821, accuracy: 0.9944, macro_f1: 0.9878, mcc: 0.9759 },
    ],
    "rte-overlap": [
      { set: "rte/val.jsonl — held out (never trained on)", examples: 1821, accuracy: 0.5, macro_f1: 0.5, mcc: 0 },
    ],
  },
};

describe("number formatting", () => {
  it("keeps three significant digits without exponents", () => {
    expect(significant(0.17377)).toBe("0.174");
    expect(significant(46.429)).toBe("46.4");
    expect(significant(23185.2)).toBe("23,185");
    expect(significant(0)).toBe("0");
    expect(formatBytes(3476)).toBe("3.48 kB");
    expect(formatBytes(20_391_407)).toBe("20.4 MB");
  });

  it("names the weights' type, leaving index constants out and showing a minority share over 0.5%", () => {
    expect(weightPrecision({ int64: 2, float32: 221459 })).toBe("float32");
    expect(weightPrecision({ int8: 880000, float32: 3000, int64: 4 })).toBe("int8");
    expect(weightPrecision({ int8: 900, float32: 100 })).toBe("int8 (float32 10.0%)");
    expect(weightPrecision({ int64: 3 })).toBe("–");
  });
});

describe("cost table", () => {
  it("renders one row per run in the tables' units, and a failed run with its code", () => {
    const markdown = costTable([okRun("sst2-bag-d16", "sst2", "cpu-1t"), failedRun], context);
    const [header, align, ok, failed] = markdown.split("\n");
    expect(header).toContain("energy (net), J / 1,000 inf. [95% CI]");
    expect(align!.split("|").length).toBe(header!.split("|").length);
    expect(ok).toBe(
      "| sst2-bag-d16 | cpu-1t | 81.71% accuracy | 0.174 [0.150–0.240] | 0.201 | 46.4 [45.1–49.4] | 86.2 | 23,185 | 221,461 | 221,461 | float32 | 887 kB | 32 | 9% / 52% noisy |",
    );
    expect(failed).toContain("| broken | cpu-2t | failed: TIMEOUT |");
    expect(failed!.split("|").length).toBe(header!.split("|").length);
  });

  it("uses the task's headline metric and says which ops the MAC estimate left out", () => {
    const run = okRun("sms-spam-bag", "sms-spam", "cpu-1t", {
      model: {
        parameters: 10,
        nonZeroParameters: 9,
        precisionMix: { int8: 10 },
        fileSizeBytes: 2_000_000,
        macsPerExample: { total: 1200, uncounted: ["com.microsoft::MatMulNBits"] },
      },
    });
    const row = costTable([run], context).split("\n")[2]!;
    expect(row).toContain("80.71% macro-F1");
    expect(row).toContain("1,200 + com.microsoft::MatMulNBits (not estimated)");
    expect(row).toContain("2.00 MB");
  });
});

describe("quality tables", () => {
  it("shows every test metric, the headline on the other splits, once per model", () => {
    const markdown = qualityTables(
      [okRun("sst2-bag-d16", "sst2", "cpu-1t"), okRun("sst2-bag-d16", "sst2", "cpu-2t"), failedRun],
      context,
    );
    expect(markdown).toContain("**sst2**");
    expect(markdown).toContain("| model | scored on | examples | accuracy | macro-F1 | MCC | ood:amazon accuracy |");
    expect(markdown).toContain("| sst2-bag-d16 | test, by the runner | 1821 | 81.71% | 80.71% | 0.617 | 77.90% |");
    expect(markdown.match(/sst2-bag-d16/g)).toHaveLength(1);
    expect(markdown).not.toContain("broken");
  });

  it("says so when two profiles scored a model differently", () => {
    const other = okRun("sst2-bag-d16", "sst2", "cpu-2t", {
      scores: [{ split: "test", examples: 1821, metrics: metrics(0.8) }],
    });
    expect(qualityTables([okRun("sst2-bag-d16", "sst2", "cpu-1t"), other], context)).toContain(
      "scores differ on cpu-2t",
    );
  });

  it("adds a card's held-out row only where the runner scored a different set", () => {
    const markdown = qualityTables(
      [okRun("sms-spam-bag", "sms-spam", "cpu-1t"), okRun("rte-overlap", "rte", "cpu-1t")],
      context,
    );
    expect(markdown).toContain("| sms-spam-bag | sms half — held out (card.json) | 2788 | 97.54% | 0.952 | 98.89% |");
    expect(markdown).not.toContain("half is training data (card.json)");
    expect(markdown).toContain("| sms-spam-bag | test, by the runner (includes training data, see card.json) | 1821 |");
    expect(markdown).toContain("| rte-overlap | test, by the runner | 1821 |");
    expect(markdown).not.toContain("never trained on (card.json)");
  });
});

describe("the document", () => {
  it("replaces only what lies between the markers", () => {
    const document = `# Title\n\nprose\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nmore prose\n`;
    const updated = spliceTables(document, "new table\n");
    expect(updated).toBe(`# Title\n\nprose\n\n${TABLE_START}\nnew table\n${TABLE_END}\n\nmore prose\n`);
    expect(spliceTables(updated, "new table")).toBe(updated);
    expect(() => spliceTables("# no markers", "x")).toThrow(/markers/);
  });

  it("says where and how the numbers were taken", () => {
    const line = provenance({ protocol: "full", runs: [okRun("a", "sst2", "cpu-1t"), failedRun] });
    expect(line).toContain("2 runs (1 ok) on AMD EPYC, 2 cores; onnxruntime 1.30.0");
    expect(line).toContain("energy method: estimated");
    expect(line).toContain("1 of 1 runs flagged noisy");
    expect(provenance({ protocol: "quick", runs: [] })).toContain("QUICK protocol");
    const timed = [
      { ...okRun("a", "sst2", "cpu-1t"), startedAt: "2026-11-27T14:05:09.000Z", loadAverage: [2.5, 3, 3] },
      { ...okRun("a", "sst2", "cpu-2t"), startedAt: "2026-11-27T13:49:00.000Z", loadAverage: [4.1, 3, 3] },
    ];
    expect(provenance({ protocol: "full", runs: timed })).toMatch(
      /^Runs started 2026-11-27 13:49–14:05 UTC, with a 1-minute load average of 2.5–4.1 just before each\. /,
    );
  });
});
