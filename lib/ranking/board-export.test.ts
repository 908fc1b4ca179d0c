import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { boardCsv, exportRecord } from "./board-export";
import { rankBoard } from "./rank-board";
import { starBands } from "./star-bands";
import { boardEntry, thresholdTrack } from "./testing-entry";

const rows = rankBoard(
  [
    boardEntry("a", {
      teamName: 'Volts, "the fast"',
      energyJoulesPerInference: 0.1,
      energyInterval: { low: 0.09, high: 0.12 },
    }),
    boardEntry("b", {
      energyJoulesPerInference: 0.11,
      energyInterval: { low: 0.1, high: 0.13 },
      latencyP90Interval: null,
    }),
    boardEntry("weak", { quality: 0.2, energyJoulesPerInference: null, energyMethod: null }),
  ],
  thresholdTrack,
);
const bands = starBands([0.1, 0.11]);
const kind = thresholdTrack.rankedEnergyKind;

describe("board exports", () => {
  it("writes one record per row with ranks, ties, intervals and nulls for what is missing", () => {
    const first = exportRecord(rows[0]!, bands, kind);
    expect(first).toMatchObject({
      rank: 1,
      tied_with: ["b"],
      energy_interval_low_joules: 0.09,
      stars: 5,
      model_url: "/models/a",
    });
    const weak = exportRecord(rows[2]!, bands, kind);
    expect(weak).toMatchObject({
      rank: null,
      section: "unranked",
      energy_joules_per_inference: null,
      energy_method: null,
      stars: null,
    });
  });

  it("repeats energy for people with an SI prefix beside the raw SI figures", () => {
    const first = exportRecord(rows[0]!, bands, kind);
    // 0.1 J per inference is 0.0278 Wh per 1,000 inferences.
    expect(first).toMatchObject({
      energy_joules_per_inference: 0.1,
      energy_per_1000_text: "27.8 mWh",
      energy_interval_per_1000_text: "25.0 mWh to 33.3 mWh",
    });
    expect(exportRecord(rows[2]!, bands, kind)).toMatchObject({
      energy_per_1000_text: null,
      energy_interval_per_1000_text: null,
    });
    const [tiny] = rankBoard(
      [boardEntry("tiny", { energyJoulesPerInference: 5.54e-5, energyInterval: { low: 5e-5, high: 6e-5 } })],
      thresholdTrack,
    );
    expect(exportRecord(tiny!, bands, kind).energy_per_1000_text).toBe("15.4 µWh");
  });

  it("gives no stars to a row below the quality bar, however low its energy", () => {
    const [, belowBar] = rankBoard(
      [
        boardEntry("ranked", { energyJoulesPerInference: 0.1 }),
        boardEntry("cheap-and-wrong", { quality: 0.7, energyJoulesPerInference: 0.001 }),
      ],
      thresholdTrack,
    );
    expect(belowBar!.section).toBe("below-threshold");
    expect(exportRecord(belowBar!, starBands([0.001, 0.1]), kind)).toMatchObject({
      section: "below-threshold",
      stars: null,
    });
  });

  it("writes CSV that a CSV reader reads back, quoting commas and quotes", () => {
    const csv = boardCsv(rows, bands, kind);
    const parsed = parse(csv, { columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ rank: "1", team: 'Volts, "the fast"', tied_with: "b", is_baseline: "false" });
    expect(parsed[2]).toMatchObject({ rank: "", energy_joules_per_inference: "" });
  });

  it("writes a team or model name that starts a formula as text", () => {
    const hostile = rankBoard(
      [boardEntry("h", { teamName: '=HYPERLINK("http://evil","win")', modelName: "+cmd|' /C calc'!A0" })],
      thresholdTrack,
    );
    const [record] = parse(boardCsv(hostile, bands, thresholdTrack.rankedEnergyKind), { columns: true }) as Record<
      string,
      string
    >[];
    expect(record).toMatchObject({ team: '\'=HYPERLINK("http://evil","win")', model: "'+cmd|' /C calc'!A0" });
  });

  it("writes just the header for an empty board", () => {
    expect(boardCsv([], bands, kind).trim().split(",")[0]).toBe("rank");
  });
});
