import { describe, expect, it } from "vitest";
import { rankingSplit } from "./ranking-split";

const now = new Date("2026-11-30T12:00:00Z");
const past = new Date("2026-10-01T00:00:00Z");
const future = new Date("2026-12-31T00:00:00Z");

describe("rankingSplit", () => {
  it("ranks on the public part during the development phase and while the final phase runs", () => {
    expect(rankingSplit([], now)).toBe("public");
    expect(
      rankingSplit(
        [
          { kind: "development", endsAt: past, revealPrivate: false },
          { kind: "final", endsAt: future, revealPrivate: false },
        ],
        now,
      ),
    ).toBe("public");
  });

  it("ranks on the private part once the final phase has ended", () => {
    expect(rankingSplit([{ kind: "final", endsAt: now, revealPrivate: false }], now)).toBe("private");
  });

  it("ranks on the private part when the organizers reveal it early", () => {
    expect(rankingSplit([{ kind: "development", endsAt: future, revealPrivate: true }], now)).toBe("private");
  });

  it("keeps it hidden after a development phase ends", () => {
    expect(rankingSplit([{ kind: "development", endsAt: past, revealPrivate: false }], now)).toBe("public");
  });
});
