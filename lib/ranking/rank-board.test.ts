import { describe, expect, it } from "vitest";
import { rankBoard } from "./rank-board";
import { boardEntry, thresholdTrack } from "./testing-entry";
import type { RankedEntry, TrackRules } from "./types";

const view = (rows: RankedEntry[]) => rows.map((r) => [r.entry.submissionId, r.section, r.rank]);

describe("energy-at-threshold (SustaiNLP)", () => {
  it("ranks entries at or above the threshold by energy and lists those below apart, unranked", () => {
    const rows = rankBoard(
      [
        boardEntry("hungry", { quality: 0.9, energyJoulesPerInference: 0.5 }),
        boardEntry("frugal", { quality: 0.8, energyJoulesPerInference: 0.1 }),
        boardEntry("weak-but-cheapest", { quality: 0.79, energyJoulesPerInference: 0.01 }),
        boardEntry("weaker", { quality: 0.5, energyJoulesPerInference: 0.02 }),
      ],
      thresholdTrack,
    );
    expect(view(rows)).toEqual([
      ["frugal", "ranked", 1],
      ["hungry", "ranked", 2],
      ["weak-but-cheapest", "below-threshold", null],
      ["weaker", "below-threshold", null],
    ]);
    expect(rows[2]!.unrankedReason).toBe("Below the quality threshold (accuracy 0.8).");
  });

  it("ranks everyone with a score when the track sets no threshold", () => {
    const rows = rankBoard([boardEntry("a", { quality: 0.1 })], { ...thresholdTrack, qualityThreshold: null });
    expect(view(rows)).toEqual([["a", "ranked", 1]]);
  });

  it("shares a rank when energy intervals overlap, and says why", () => {
    const rows = rankBoard(
      [
        boardEntry("a", { energyJoulesPerInference: 0.1, energyInterval: { low: 0.09, high: 0.12 } }),
        boardEntry("b", { energyJoulesPerInference: 0.11, energyInterval: { low: 0.1, high: 0.13 } }),
        boardEntry("c", { energyJoulesPerInference: 0.3, energyInterval: { low: 0.28, high: 0.32 } }),
      ],
      thresholdTrack,
    );
    expect(view(rows)).toEqual([
      ["a", "ranked", 1],
      ["b", "ranked", 1],
      ["c", "ranked", 3],
    ]);
    expect(rows[0]!.tiedWith).toEqual(["b"]);
    expect(rows[0]!.tieReason).toMatch(/intervals overlap/);
    expect(rows[2]!.tieReason).toBeNull();
  });

  it("never ranks failed, cancelled, withdrawn, disqualified or unfinished entries, whatever their figures", () => {
    const statuses = ["failed", "cancelled", "withdrawn", "disqualified", "unfinished"] as const;
    const rows = rankBoard(
      [
        boardEntry("ok", { energyJoulesPerInference: 1 }),
        ...statuses.map((status) => boardEntry(status, { status, energyJoulesPerInference: 0.0001 })),
      ],
      thresholdTrack,
    );
    expect(view(rows)[0]).toEqual(["ok", "ranked", 1]);
    expect(rows.slice(1).every((r) => r.section === "unranked" && r.rank === null)).toBe(true);
    expect(rows.find((r) => r.entry.submissionId === "disqualified")!.unrankedReason).toBe(
      "Disqualified by the organizers.",
    );
  });

  it("never ranks measured and estimated energy together: the other kind is listed with the reason", () => {
    const measuredTrack: TrackRules = { ...thresholdTrack, rankedEnergyKind: "measured" };
    const rows = rankBoard(
      [
        boardEntry("rapl", { energyMethod: "measured-rapl", energyJoulesPerInference: 0.5 }),
        boardEntry("nvml", { energyMethod: "measured-nvml", energyJoulesPerInference: 0.4 }),
        boardEntry("estimate", { energyMethod: "estimated", energyJoulesPerInference: 0.01 }),
        boardEntry("gpu-with-estimated-host", {
          energyMethod: "measured-nvml+estimated",
          energyJoulesPerInference: 0.02,
        }),
      ],
      measuredTrack,
    );
    expect(view(rows)).toEqual([
      ["nvml", "ranked", 1],
      ["rapl", "ranked", 2],
      ["estimate", "unranked", null],
      ["gpu-with-estimated-host", "unranked", null],
    ]);
    expect(rows[2]!.unrankedReason).toBe("Its energy is estimated; this track ranks measured energy only.");
  });

  it("lists an entry whose energy could not be measured as unranked, never as free", () => {
    const rows = rankBoard(
      [boardEntry("missing", { energyJoulesPerInference: null, energyMethod: null })],
      thresholdTrack,
    );
    expect(rows[0]).toMatchObject({
      section: "unranked",
      unrankedReason: "Energy could not be measured for this run.",
    });
  });

  it("lists an entry without a score on the ranking split as unranked", () => {
    const rows = rankBoard([boardEntry("no-score", { quality: null })], thresholdTrack);
    expect(rows[0]!.unrankedReason).toMatch(/No accuracy score/);
  });
});

describe("latency-p90", () => {
  const track: TrackRules = { ...thresholdTrack, rule: "latency-p90" };

  it("ranks by p90 above the threshold, ties from overlapping p90 intervals", () => {
    const rows = rankBoard(
      [
        boardEntry("slow", { latencyP90Ms: 9 }),
        boardEntry("fast", { latencyP90Ms: 1, latencyP90Interval: { low: 0.9, high: 1.2 } }),
        boardEntry("fast-too", { latencyP90Ms: 1.1, latencyP90Interval: { low: 1.0, high: 1.3 } }),
        boardEntry("weak", { quality: 0.1, latencyP90Ms: 0.1 }),
        boardEntry("unmeasured", { latencyP90Ms: null }),
      ],
      track,
    );
    expect(view(rows)).toEqual([
      ["fast", "ranked", 1],
      ["fast-too", "ranked", 1],
      ["slow", "ranked", 3],
      ["weak", "below-threshold", null],
      ["unmeasured", "unranked", null],
    ]);
  });

  it("does not need energy", () => {
    const rows = rankBoard([boardEntry("no-energy", { energyJoulesPerInference: null, energyMethod: null })], track);
    expect(rows[0]!.section).toBe("ranked");
  });
});

describe("quality", () => {
  const track: TrackRules = { ...thresholdTrack, rule: "quality" };

  it("ranks by quality alone, ignoring the threshold, equal quality broken by energy", () => {
    const rows = rankBoard(
      [
        boardEntry("low", { quality: 0.5 }),
        boardEntry("top-costly", { quality: 0.9, energyJoulesPerInference: 2 }),
        boardEntry("top-cheap", { quality: 0.9, energyJoulesPerInference: 1 }),
      ],
      track,
    );
    expect(view(rows)).toEqual([
      ["top-cheap", "ranked", 1],
      ["top-costly", "ranked", 2],
      ["low", "ranked", 3],
    ]);
  });

  it("ties equal quality whose energy intervals overlap", () => {
    const rows = rankBoard(
      [
        boardEntry("a", { quality: 0.9, energyJoulesPerInference: 1, energyInterval: { low: 0.9, high: 1.1 } }),
        boardEntry("b", { quality: 0.9, energyJoulesPerInference: 1.05, energyInterval: { low: 1.0, high: 1.1 } }),
      ],
      track,
    );
    expect(view(rows)).toEqual([
      ["a", "ranked", 1],
      ["b", "ranked", 1],
    ]);
  });
});

describe("pareto", () => {
  it("ranks successive fronts of quality against energy; a front shares its rank", () => {
    const rows = rankBoard(
      [
        boardEntry("cheap", { quality: 0.81, energyJoulesPerInference: 0.1 }),
        boardEntry("good", { quality: 0.9, energyJoulesPerInference: 1 }),
        boardEntry("dominated", { quality: 0.8, energyJoulesPerInference: 2 }),
      ],
      { ...thresholdTrack, rule: "pareto" },
    );
    expect(view(rows)).toEqual([
      ["cheap", "ranked", 1],
      ["good", "ranked", 1],
      ["dominated", "ranked", 3],
    ]);
    expect(rows[0]!.tieReason).toMatch(/Pareto front/);
  });
});

describe("lifetime re-ranking", () => {
  it("adds declared training energy, so a cheap-per-query model that cost a lot to train can lose", () => {
    const entries = [
      boardEntry("cheap-query-costly-training", { energyJoulesPerInference: 0.01, trainingEnergyKwh: 1000 }),
      boardEntry("dearer-query-cheap-training", { energyJoulesPerInference: 0.02, trainingEnergyKwh: 1 }),
    ];
    // 1,000 queries a day for a year: inference is negligible next to 1,000 kWh of training.
    const small = rankBoard(entries, thresholdTrack, {
      lifetime: { queriesPerDay: 1000, years: 1, gridGramsPerKwh: 481 },
    });
    expect(view(small).map((r) => r[0])).toEqual(["dearer-query-cheap-training", "cheap-query-costly-training"]);
    // A billion queries a day for five years: 0.01 J per query saves 1.8e13 J ≈ 5,070 kWh, repaying the training.
    const large = rankBoard(entries, thresholdTrack, {
      lifetime: { queriesPerDay: 1e9, years: 5, gridGramsPerKwh: 481 },
    });
    expect(view(large).map((r) => r[0])).toEqual(["cheap-query-costly-training", "dearer-query-cheap-training"]);
  });

  it("carries each ranked entry's lifetime kWh, the figure the board shows next to the model", () => {
    const rows = rankBoard(
      [boardEntry("only", { energyJoulesPerInference: 3.6, trainingEnergyKwh: 2 })],
      thresholdTrack,
      {
        lifetime: { queriesPerDay: 1000, years: 1, gridGramsPerKwh: 481 },
      },
    );
    // 3.6 J × 365,250 queries (365.25 days) = 0.36525 kWh, plus 2 kWh of training.
    expect(rows[0]!.rankingValue).toBeCloseTo(2.36525, 9);
    expect(rankBoard([boardEntry("only")], thresholdTrack)[0]!.rankingValue).toBeUndefined();
  });
});

describe("composite", () => {
  const track: TrackRules = { ...thresholdTrack, rule: "composite", qualityThreshold: null };
  const entries = [
    boardEntry("accurate", { quality: 0.95, energyJoulesPerInference: 1 }),
    boardEntry("frugal", { quality: 0.75, energyJoulesPerInference: 0.001 }),
  ];
  const only = (metric: "quality" | "energy") => ({
    quality: 0,
    energy: 0,
    latencyP90: 0,
    throughput: 0,
    memory: 0,
    [metric]: 1,
  });

  it("follows the weights a visitor sets: all on quality, then all on energy", () => {
    expect(view(rankBoard(entries, track, { compositeWeights: only("quality") })).map((r) => r[0])).toEqual([
      "accurate",
      "frugal",
    ]);
    expect(view(rankBoard(entries, track, { compositeWeights: only("energy") })).map((r) => r[0])).toEqual([
      "frugal",
      "accurate",
    ]);
  });

  it("carries each ranked entry's composite score: 1 for the best on the only weighted metric, 0 for the worst", () => {
    const rows = rankBoard(entries, track, { compositeWeights: only("quality") });
    expect(rows.map((row) => [row.entry.submissionId, row.rankingValue])).toEqual([
      ["accurate", 1],
      ["frugal", 0],
    ]);
  });

  it("leaves out, with the reason, an entry missing a weighted metric", () => {
    const rows = rankBoard([...entries, boardEntry("no-memory", { peakMemoryBytes: null })], track, {
      compositeWeights: { quality: 1, energy: 0, latencyP90: 0, throughput: 0, memory: 1 },
    });
    expect(rows.find((r) => r.entry.submissionId === "no-memory")).toMatchObject({
      section: "unranked",
      unrankedReason: "Missing for the composite: memory.",
    });
  });
});
