import { describe, expect, it } from "vitest";
import { formatEnergyPerThousand, whPerThousandFromJoulesPerInference } from "./energy-display";
import { formatScaled, formatSi, prefixFor, sharedPrefixFor, SI_PREFIXES } from "./si-quantity";

describe("formatSi", () => {
  it("prints every decade from 1e-12 to 1e6 with a prefix, three significant digits and no exponent", () => {
    for (let exponent = -12; exponent <= 6; exponent += 1) {
      for (const mantissa of [1, 1.54, 9.99]) {
        const value = mantissa * 10 ** exponent;
        const printed = formatSi(value, "Wh");
        expect(printed, `${value}`).not.toMatch(/e[+-]?\d/i);
        const [number, unit] = printed.split(" ");
        expect(number?.replace(/[.,]/g, "").replace(/^0+/, "")).toHaveLength(3);
        expect(unit).toMatch(/^[pnµmkM]?Wh$/);
        // The printed figure, read back, is the value to three significant digits.
        const prefix = SI_PREFIXES.find((candidate) => `${candidate.symbol}Wh` === unit);
        const readBack = Number(number?.replace(/,/g, "")) * 10 ** (prefix?.exponent ?? Number.NaN);
        expect(Math.abs(readBack - value) / value).toBeLessThan(0.005);
      }
    }
  });

  it("scales known values the way a reader expects", () => {
    expect(formatSi(1.54e-5, "Wh")).toBe("15.4 µWh");
    expect(formatSi(0.02, "Wh")).toBe("20.0 mWh");
    expect(formatSi(1, "J")).toBe("1.00 J");
    expect(formatSi(7.31e8, "J")).toBe("731 MJ");
    expect(formatSi(1e-12, "Wh")).toBe("1.00 pWh");
    expect(formatSi(1e6, "Wh")).toBe("1.00 MWh");
    expect(formatSi(-2.5e-3, "W")).toBe("-2.50 mW");
  });

  it("moves to the next prefix when rounding reaches 1,000", () => {
    expect(formatSi(999.7e-6, "Wh")).toBe("1.00 mWh");
    expect(prefixFor(999.4e-6).symbol).toBe("µ");
  });

  it("prints missing and non-finite values as a dash, and zero as 0", () => {
    expect(formatSi(null, "Wh")).toBe("—");
    expect(formatSi(undefined, "Wh")).toBe("—");
    expect(formatSi(Number.NaN, "Wh")).toBe("—");
    expect(formatSi(Number.POSITIVE_INFINITY, "Wh")).toBe("—");
    expect(formatSi(0, "Wh")).toBe("0 Wh");
  });

  it("keeps a column on one shared prefix without exponents", () => {
    const column = [1.54e-5, 2.2e-5, 9.1e-6, 3.3e-3];
    const prefix = sharedPrefixFor(column);
    expect(prefix.symbol).toBe("µ");
    expect(column.map((value) => formatScaled(value, { prefix }))).toEqual(["15.4", "22.0", "9.10", "3,300"]);
    expect(sharedPrefixFor([null, undefined]).symbol).toBe("");
  });
});

describe("energy display", () => {
  it("converts joules per inference to Wh per 1,000 inferences", () => {
    expect(whPerThousandFromJoulesPerInference(3.6)).toBeCloseTo(1, 12);
    expect(formatEnergyPerThousand(5.544e-5)).toBe("15.4 µWh");
    expect(formatEnergyPerThousand(null)).toBe("—");
  });
});
