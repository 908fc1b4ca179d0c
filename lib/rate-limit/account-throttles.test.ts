import { describe, expect, it } from "vitest";
import { forAddress, signInPerAddress, tryAgainMessage } from "./account-throttles";

describe("tryAgainMessage", () => {
  it("names the UTC time and the minutes left, rounded up", () => {
    const now = new Date("2026-01-01T12:00:30Z");
    expect(tryAgainMessage(new Date("2026-01-01T12:14:00Z"), now)).toBe(
      "Too many attempts. Try again at 12:14 UTC (in 14 minutes).",
    );
    expect(tryAgainMessage(new Date("2026-01-01T12:00:40Z"), now)).toBe(
      "Too many attempts. Try again at 12:00 UTC (in 1 minute).",
    );
  });
});

describe("forAddress", () => {
  it("scales a per-address limit, never below one attempt", () => {
    expect(forAddress(signInPerAddress, 1).limit).toBe(signInPerAddress.limit);
    expect(forAddress(signInPerAddress, 3).limit).toBe(3 * signInPerAddress.limit);
    expect(forAddress(signInPerAddress, 0.001).limit).toBe(1);
    expect(forAddress(signInPerAddress, 2).name).toBe(signInPerAddress.name);
  });
});
