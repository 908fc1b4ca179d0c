import { describe, expect, it } from "vitest";
import { prepareBoard } from "./prepare-board";
import { boardEntry, thresholdTrack } from "./testing-entry";

const entries = [
  boardEntry("volts-1", { teamId: "volts", energyJoulesPerInference: 0.3 }),
  boardEntry("volts-2", { teamId: "volts", energyJoulesPerInference: 0.1 }),
  boardEntry("amps-1", { teamId: "amps", energyJoulesPerInference: 0.2 }),
  boardEntry("base", { teamId: "org", isBaseline: true, energyJoulesPerInference: 0.6 }),
  boardEntry("measured", { teamId: "ohms", energyMethod: "measured-rapl", energyJoulesPerInference: 100 }),
];

describe("prepareBoard", () => {
  it("shows each team's best by default, with bands over every entry of the ranked kind and the baseline", () => {
    const board = prepareBoard(entries, thresholdTrack, "team-best");
    expect(board.shown.map((e) => e.submissionId)).toEqual(["volts-2", "amps-1", "base", "measured"]);
    expect(board.starBands[0]!.fromJoules).toBe(0.1);
    expect(board.starBands[4]!.toJoules).toBe(0.6); // the measured 100 J is another kind: not in the bands
    expect(board.baseline?.submissionId).toBe("base");
    expect(board.truncated).toBe(false);
  });

  it("draws the star bands from ranked entries only, in either view", () => {
    const withUnranked = [
      ...entries,
      boardEntry("cheap-and-wrong", {
        teamId: "watts",
        quality: 0.738,
        metrics: { accuracy: 0.738 },
        energyJoulesPerInference: 0.001,
      }),
      boardEntry("failed", { teamId: "watts", status: "failed", energyJoulesPerInference: 0.0005 }),
    ];
    for (const scope of ["team-best", "all"] as const) {
      const board = prepareBoard(withUnranked, thresholdTrack, scope);
      expect(board.starBands[0]!.fromJoules).toBe(0.1);
      expect(board.starBands[4]!.toJoules).toBe(0.6);
    }
  });

  it("shows every submission on request, capped, saying so", () => {
    const board = prepareBoard(entries, thresholdTrack, "all", 3);
    expect(board.shown.map((e) => e.submissionId)).toEqual(["volts-2", "amps-1", "volts-1"]);
    expect(board).toMatchObject({ totalEntries: 5, truncated: true });
    expect(board.baseline?.submissionId).toBe("base"); // found beyond the cap
  });
});
