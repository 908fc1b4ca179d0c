/** A multi-task board's exports: the benchmark energy with its interval and one score column per task. */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { boardCsv, exportRecord } from "./board-export";
import { rankBoard } from "./rank-board";
import { starBands } from "./star-bands";
import { boardEntry, thresholdTrack } from "./testing-entry";

const track = { ...thresholdTrack, qualityMetric: "benchmark_score" };
const rows = rankBoard(
  [
    boardEntry("lite", {
      quality: 0.91,
      metrics: { benchmark_score: 0.91, "task:boolq": 0.9, "task:cb": 0.85, "task:rte": 0.95 },
      energyJoulesPerInference: 0.001,
      benchmarkEnergyJoules: 3.6,
      benchmarkEnergyInterval: { low: 3.3, high: 4.1 },
    }),
    // Not measured yet: it has no per-task scores of its own, and the CSV still has every column.
    boardEntry("waiting", { status: "unfinished", quality: null, metrics: {}, energyJoulesPerInference: null }),
  ],
  track,
);

describe("multi-task board exports", () => {
  it("carry the benchmark energy with its interval and each task's score", () => {
    expect(exportRecord(rows[0]!, starBands([0.001]), "estimated")).toMatchObject({
      quality: 0.91,
      benchmark_energy_joules: 3.6,
      benchmark_energy_interval_low_joules: 3.3,
      benchmark_energy_interval_high_joules: 4.1,
      score_boolq: 0.9,
      score_cb: 0.85,
      score_rte: 0.95,
    });
  });

  it("give every CSV row every column, empty where a row has no figure", () => {
    // The row without the columns first: the header must still hold them.
    const parsed = parse(boardCsv([rows[1]!, rows[0]!], starBands([0.001]), "estimated"), { columns: true }) as Record<
      string,
      string
    >[];
    const lite = parsed.find((row) => row.submission_id === "lite")!;
    const waiting = parsed.find((row) => row.submission_id === "waiting")!;
    expect(lite).toMatchObject({ benchmark_energy_joules: "3.6", score_cb: "0.85" });
    expect(waiting).toMatchObject({ benchmark_energy_joules: "", score_cb: "" });
  });

  it("leave a single-task board's columns as they were", () => {
    const single = rankBoard([boardEntry("a", { energyJoulesPerInference: 0.1 })], thresholdTrack);
    expect(
      Object.keys(exportRecord(single[0]!, [], "estimated")).some(
        (key) => key.startsWith("benchmark_") || key.startsWith("score_"),
      ),
    ).toBe(false);
  });
});
