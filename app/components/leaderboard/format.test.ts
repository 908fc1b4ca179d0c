/** The board's number formats: significant digits, grouping, scientific notation at the extremes, missing values. */
import { describe, expect, it } from "vitest";
import { formatBytes, formatInterval, formatNumber, MISSING } from "./format";

describe("formatNumber", () => {
  it("keeps three significant digits, grouped in thousands", () => {
    expect(formatNumber(1234.5678)).toBe("1,230");
    expect(formatNumber(17_543.2)).toBe("17,500");
    expect(formatNumber(0.0123456)).toBe("0.0123");
    expect(formatNumber(-2.71828)).toBe("-2.72");
    expect(formatNumber(63.449, 4)).toBe("63.45");
  });

  it("switches to scientific notation below a thousandth and from a million", () => {
    expect(formatNumber(1.3891666e-5)).toBe("1.39e-5");
    expect(formatNumber(12_345_678)).toBe("1.23e+7");
  });

  it("says what is missing instead of inventing a figure", () => {
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(undefined)).toBe(MISSING);
    expect(formatNumber(Number.NaN)).toBe(MISSING);
    expect(formatNumber(0)).toBe("0");
  });
});

describe("formatInterval and formatBytes", () => {
  it("formats both ends of an interval, and names a missing one", () => {
    expect(formatInterval({ low: 0.0541, high: 0.0599 })).toBe("0.0541–0.0599");
    expect(formatInterval(null)).toBe("interval not reported");
  });

  it("uses binary units", () => {
    expect(formatBytes(60_000_000)).toBe("57.2 MiB");
    expect(formatBytes(886_875)).toBe("866 KiB");
  });
});
