import { describe, expect, it } from "vitest";
import { bestOfColumns, columnPrefixes, robustnessGap, sortRows, whPerThousand, whPerThousandCorrect } from "./columns";
import { rankBoard } from "./rank-board";
import { teamBestStandings } from "./team-best";
import { boardEntry, thresholdTrack } from "./testing-entry";

describe("derived columns", () => {
  it("converts joules per inference to Wh per 1,000, and per 1,000 correct answers", () => {
    const entry = boardEntry("a", { energyJoulesPerInference: 3.6, metrics: { accuracy: 0.5 } });
    expect(whPerThousand(entry)).toBeCloseTo(1, 12);
    expect(whPerThousandCorrect(entry)).toBeCloseTo(2, 12);
    expect(whPerThousandCorrect(boardEntry("b", { metrics: {} }))).toBeNull();
  });

  it("computes the in-domain minus out-of-domain gap only when both exist", () => {
    expect(robustnessGap(boardEntry("a", { quality: 0.9, qualityOutOfDomain: 0.7 }))).toBeCloseTo(0.2, 12);
    expect(robustnessGap(boardEntry("a", { qualityOutOfDomain: null }))).toBeNull();
  });
});

describe("columnPrefixes", () => {
  it("gives each energy column the prefix of its median figure", () => {
    // 5.54e-5 J per inference is 15.4 µWh per 1,000; 1.8e-3 J is 500 µWh; 0.36 J is 100 mWh: the median is µ.
    const entries = [5.54e-5, 1.8e-3, 0.36].map((joules, index) =>
      boardEntry(`e${index}`, { energyJoulesPerInference: joules, carbonGramsPerThousand: 0.002 }),
    );
    const prefixes = columnPrefixes(entries);
    expect(prefixes.energyWhPerThousand.symbol).toBe("µ");
    expect(prefixes.carbonGramsPerThousand.symbol).toBe("m");
    expect(columnPrefixes([]).energyWhPerThousand.symbol).toBe("");
  });

  it("gives latency columns the prefix of their median figure in seconds (0.0687 ms is 68.7 µs)", () => {
    const entries = [0.0687, 0.112, 0.09, null].map((p90, index) =>
      boardEntry(`l${index}`, { latencyP90Ms: p90, latencyP50Ms: p90 === null ? null : p90 * 40 }),
    );
    const prefixes = columnPrefixes(entries);
    expect(prefixes.latencyP90Ms.symbol).toBe("µ");
    expect(prefixes.latencyP50Ms.symbol).toBe("m");
  });
});

describe("bestOfColumns and sortRows", () => {
  const rows = rankBoard(
    [
      boardEntry("a", { quality: 0.9, energyJoulesPerInference: 0.2, latencyP50Ms: 3 }),
      boardEntry("b", { quality: 0.85, energyJoulesPerInference: 0.1, latencyP50Ms: null }),
      boardEntry("weak", { quality: 0.1, energyJoulesPerInference: 0.0001, latencyP50Ms: 0.01 }),
    ],
    thresholdTrack,
  );

  it("marks the best of each column among ranked rows only", () => {
    const best = bestOfColumns(rows, "estimated");
    expect(best.quality).toBe(0.9);
    expect(best.energyWhPerThousand).toBeCloseTo((0.1 * 1000) / 3600, 12);
    expect(best.latencyP50Ms).toBe(3); // "weak" is faster but below the threshold
  });

  it("sorts both ways with missing values last", () => {
    expect(sortRows(rows, "latencyP50Ms", "ascending").map((r) => r.entry.submissionId)).toEqual(["weak", "a", "b"]);
    expect(sortRows(rows, "latencyP50Ms", "descending").map((r) => r.entry.submissionId)).toEqual(["a", "weak", "b"]);
    expect(sortRows(rows, "team", "ascending").map((r) => r.entry.submissionId)).toEqual(["a", "b", "weak"]);
  });
});

describe("teamBestStandings", () => {
  it("keeps each team's best entry, re-ranks among teams, and keeps every baseline", () => {
    const rows = teamBestStandings(
      [
        boardEntry("volts-1", { teamId: "volts", energyJoulesPerInference: 0.3 }),
        boardEntry("volts-2", { teamId: "volts", energyJoulesPerInference: 0.1 }),
        boardEntry("amps-1", { teamId: "amps", energyJoulesPerInference: 0.2 }),
        boardEntry("base-1", { teamId: "organizers", isBaseline: true, energyJoulesPerInference: 0.5 }),
        boardEntry("base-2", { teamId: "organizers", isBaseline: true, energyJoulesPerInference: 0.6 }),
      ],
      thresholdTrack,
    );
    expect(rows.map((r) => [r.entry.submissionId, r.rank])).toEqual([
      ["volts-2", 1],
      ["amps-1", 2],
      ["base-1", 3],
      ["base-2", 4],
    ]);
  });
});
