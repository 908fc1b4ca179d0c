import { describe, expect, it } from "vitest";
import { formatCount } from "./large-count";

describe("formatCount", () => {
  it("prints counts with three significant digits and words past a million, never exponents", () => {
    expect(formatCount(730_000_000)).toBe("730 million");
    expect(formatCount(7.31e8)).toBe("731 million");
    expect(formatCount(999_999)).toBe("1.00 million");
    expect(formatCount(1.2345e9)).toBe("1.23 billion");
    expect(formatCount(4.2e13)).toBe("42.0 trillion");
    expect(formatCount(872)).toBe("872");
    expect(formatCount(14_563.2)).toBe("14,600");
    expect(formatCount(0.5)).toBe("0.500");
    expect(formatCount(null)).toBe("—");
    for (let exponent = -3; exponent <= 15; exponent += 1)
      expect(formatCount(1.54 * 10 ** exponent)).not.toMatch(/e[+-]?\d/i);
  });
});
