import { describe, expect, it } from "vitest";
import { measureUntilQuiet } from "./rerun-noisy";
import { sampleReport } from "../../test-support/runner/sample-report";

const noisy = (reason: string) => sampleReport([], { noisy: true, noisyReasons: [reason] });
const quiet = sampleReport([], { noisy: false });

describe("measureUntilQuiet", () => {
  it("measures once when the first result is quiet", async () => {
    const calls: number[] = [];
    const report = await measureUntilQuiet(async (rerun) => (calls.push(rerun), quiet), 2);
    expect(calls).toEqual([0]);
    expect(report.reruns).toBe(0);
  });

  it("re-measures a noisy result until it is quiet, and keeps the last measurement", async () => {
    const results = [noisy("first"), quiet];
    const log: string[] = [];
    const report = await measureUntilQuiet(
      async (rerun) => results[rerun]!,
      2,
      (line) => log.push(line),
    );
    expect(report).toMatchObject({ noisy: false, reruns: 1 });
    expect(log).toEqual(["re-measuring (1 of at most 2): first"]);
  });

  it("stops after maxReruns and records one that stays noisy with its reasons", async () => {
    const calls: number[] = [];
    const report = await measureUntilQuiet(async (rerun) => (calls.push(rerun), noisy(`run ${rerun}`)), 2);
    expect(calls).toEqual([0, 1, 2]);
    expect(report).toMatchObject({ noisy: true, noisyReasons: ["run 2"], reruns: 2 });
  });
});
