import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interferenceSince, interferenceSnapshot, readRunQueueDelayNs } from "./interference";

describe("readRunQueueDelayNs", () => {
  it("sums the run-queue wait (second field of schedstat) over every thread", () => {
    const proc = mkdtempSync(path.join(os.tmpdir(), "joulebench-proc-"));
    try {
      for (const [tid, line] of [
        ["100", "5000 300 7"],
        ["101", "9000 200 4"],
      ] as const) {
        mkdirSync(path.join(proc, "task", tid), { recursive: true });
        writeFileSync(path.join(proc, "task", tid, "schedstat"), `${line}\n`);
      }
      expect(readRunQueueDelayNs(proc)).toBe(500);
      writeFileSync(path.join(proc, "task", "101", "schedstat"), "garbage\n");
      expect(readRunQueueDelayNs(proc)).toBeNull();
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it("is null without a /proc to read", () => {
    expect(readRunQueueDelayNs("/nonexistent-proc")).toBeNull();
  });

  it("reads this process's own figures, which only grow", () => {
    const before = interferenceSnapshot();
    let spin = 0;
    for (let i = 0; i < 1e6; i += 1) spin += i;
    const delta = interferenceSince(before);
    expect(spin).toBeGreaterThan(0);
    expect(delta.cpuMicros).toBeGreaterThan(0);
    expect(delta.involuntaryContextSwitches).toBeGreaterThanOrEqual(0);
    if (delta.runQueueDelayNs !== null) expect(delta.runQueueDelayNs).toBeGreaterThanOrEqual(0);
  });
});
