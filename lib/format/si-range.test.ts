import { describe, expect, it } from "vitest";
import { formatSiRange } from "./si-range";

describe("formatSiRange", () => {
  it("writes both ends with the larger end's prefix and the unit once", () => {
    expect(formatSiRange(1.81e-5, 2.03e-5, "Wh")).toBe("18.1–20.3 µWh");
    expect(formatSiRange(9e-7, 1.2e-6, "Wh")).toBe("0.900–1.20 µWh");
    expect(formatSiRange(6.1e-5, 7.2e-5, "s")).toBe("61.0–72.0 µs");
    expect(formatSiRange(null, 1, "Wh")).toBe("interval not reported");
  });
});
