import { expect, it } from "vitest";
import { formatPhaseEnd, formatRelative, isOpenEnded } from "./phase-dates";

const now = new Date("2026-12-07T12:00:00Z");

it("says a far end date is no end date", () => {
  expect(isOpenEnded(new Date("2100-01-01T00:00:00Z"), now)).toBe(true);
  expect(formatPhaseEnd(new Date("2100-01-01T00:00:00Z"), now)).toBe("no end date");
});

it("prints a near end with its date and how far it is", () => {
  expect(formatPhaseEnd(new Date("2027-03-01T12:00:00Z"), now)).toBe("2027-03-01 12:00 UTC (in 84 days)");
  expect(formatRelative(new Date("2026-12-07T17:00:00Z"), now)).toBe("in 5 hours");
  expect(formatRelative(new Date("2026-12-07T11:30:00Z"), now)).toBe("30 minutes ago");
});
