import { describe, expect, it } from "vitest";
import { formatTickSi, niceLinearTicks, niceLogTicks } from "./axis-ticks";

/** A nice log tick: its mantissa is one of the ladder's. */
const isNiceLogTick = (tick: number) =>
  [1, 1.5, 2, 3, 5, 7].includes(Number((tick / 10 ** Math.floor(Math.log10(tick) + 1e-12)).toPrecision(6)));

describe("niceLogTicks", () => {
  it("uses 1, 2, 5 × 10^k around the board's energies, enclosing every point", () => {
    // Wh per 1,000 inferences of the e2e board's real measurements: 19 µWh to 24 µWh, and a slow model at 41 µWh.
    expect(niceLogTicks([1.92e-5, 2.1e-5, 2.42e-5, 4.1e-5])).toEqual([1e-5, 2e-5, 5e-5]);
    expect(niceLogTicks([3e-3, 0.4])).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(niceLogTicks([0.012, 0.09])).toEqual([0.01, 0.02, 0.05, 0.1]);
    // Latency p90 of the same board, in seconds: 1, 2, 5 hug the data, where whole decades (10 µs to 1 ms) would not.
    expect(niceLogTicks([6.02e-5, 6.87e-5, 1.29e-4, 1.72e-4], { maxTicks: 5 })).toEqual([5e-5, 1e-4, 2e-4]);
  });

  it("never lets a point sit below the first tick or past the last one, from 1e-12 to 1e6", () => {
    for (let exponent = -12; exponent <= 6; exponent += 0.37) {
      for (const spread of [1.05, 1.8, 3, 40, 1e4, 1e9]) {
        const low = 10 ** exponent;
        const values = [low, low * Math.sqrt(spread), low * spread];
        const ticks = niceLogTicks(values);
        expect(ticks.length, `${values}`).toBeGreaterThanOrEqual(2);
        expect(ticks.length, `${values}`).toBeLessThanOrEqual(6);
        expect(ticks[0]!, `${values}`).toBeLessThanOrEqual(low);
        expect(ticks.at(-1)!, `${values}`).toBeGreaterThanOrEqual(low * spread);
        for (const tick of ticks) expect(isNiceLogTick(tick), `${tick} in ${ticks}`).toBe(true);
        expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
      }
    }
  });

  it("keeps the lowest tick when the smallest value is itself a tick", () => {
    expect(niceLogTicks([2e-5, 3.3e-5])).toEqual([2e-5, 3e-5, 5e-5]);
    expect(niceLogTicks([1e-5, 9e-5])[0]).toBe(1e-5);
  });

  it("gives a one-point chart an axis either side of it", () => {
    expect(niceLogTicks([2e-5])).toEqual([1e-5, 2e-5, 5e-5]);
    expect(niceLogTicks([1.7e-5])).toEqual([1.5e-5, 2e-5]);
  });

  it("thins whole decades when the data span more than the axis can label", () => {
    expect(niceLogTicks([1e-9, 5e3])).toEqual([1e-9, 1e-6, 1e-3, 1, 1e3, 1e6]);
  });

  it("ignores what a log axis cannot show", () => {
    expect(niceLogTicks([])).toEqual([]);
    expect(niceLogTicks([0, -1, Number.NaN])).toEqual([]);
    expect(niceLogTicks([0, 2e-5, 4e-5])).toEqual([2e-5, 3e-5, 5e-5]);
  });
});

describe("niceLinearTicks", () => {
  it("spaces percentages evenly with a nice step and encloses them", () => {
    expect(niceLinearTicks([78.4, 81.2, 82.9])).toEqual([78, 79, 80, 81, 82, 83]);
    expect(niceLinearTicks([52, 91])).toEqual([50, 60, 70, 80, 90, 100]);
    expect(niceLinearTicks([80.1, 80.3])).toEqual([80.1, 80.15, 80.2, 80.25, 80.3]);
  });

  it("stays inside its bounds and gives one value an axis", () => {
    const ticks = niceLinearTicks([100], { bounds: [0, 100] });
    expect(ticks.at(-1)).toBe(100);
    expect(ticks[0]).toBeLessThan(100);
    expect(niceLinearTicks([])).toEqual([]);
  });
});

describe("formatTickSi", () => {
  it("labels ticks with an SI prefix and no padding zeros or exponents", () => {
    expect(formatTickSi(2e-5, "Wh")).toBe("20 µWh");
    expect(formatTickSi(1.5e-5, "Wh")).toBe("15 µWh");
    expect(formatTickSi(1e-3, "Wh")).toBe("1 mWh");
    expect(formatTickSi(5e-4, "s")).toBe("500 µs");
    expect(formatTickSi(1e-12, "Wh")).toBe("1 pWh");
    expect(formatTickSi(1e6, "Wh")).toBe("1 MWh");
    for (const tick of niceLogTicks([1e-12, 1e6])) expect(formatTickSi(tick, "Wh")).not.toMatch(/e[+-]?\d/i);
  });
});
