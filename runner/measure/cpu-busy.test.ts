import { describe, expect, it } from "vitest";
import { otherCoresBusy, parseProcStat } from "./cpu-busy";

// proc(5): cpuN user nice system idle iowait irq softirq steal guest guest_nice
const before = parseProcStat(`cpu  300 0 100 1000 0 0 0 0 0 0
cpu0 100 0 50 500 0 0 0 0 0 0
cpu1 100 0 25 600 10 0 0 0 0 0
cpu2 100 0 25 400 0 5 5 0 0 0
intr 12345`);
const after = parseProcStat(`cpu  0 0 0 0 0 0 0 0 0 0
cpu0 200 0 50 500 0 0 0 0 0 0
cpu1 130 0 35 650 10 0 0 0 0 0
cpu2 100 0 25 500 0 5 5 0 0 0`);

describe("otherCoresBusy", () => {
  it("is the busy share of the cores the child was not pinned to", () => {
    // pinned to cpu0; cpu1: 40 busy of 90; cpu2: 0 busy of 100 → 40 / 190
    expect(otherCoresBusy(before, after, [0])).toBeCloseTo(40 / 190, 12);
  });

  it("counts irq, softirq and steal as busy and iowait as idle", () => {
    expect(parseProcStat("cpu7 1 2 3 4 5 6 7 8 9 10").get(7)).toEqual({
      busy: 1 + 2 + 3 + 6 + 7 + 8,
      total: 1 + 2 + 3 + 6 + 7 + 8 + 4 + 5,
    });
  });

  it("is null when there is no other core or no tick passed", () => {
    expect(otherCoresBusy(before, after, [0, 1, 2])).toBeNull();
    expect(otherCoresBusy(before, before, [0])).toBeNull();
  });
});
