import { describe, expect, it } from "vitest";
import { rankingSplit } from "./ranking-split";

const now = new Date("2026-11-30T12:00:00Z");

describe("rankingSplit", () => {
  it("ranks on the public part during the development phase", () => {
    expect(rankingSplit([{ endsAt: new Date("2026-12-31T00:00:00Z"), revealPrivate: true }], now)).toBe("public");
    expect(rankingSplit([], now)).toBe("public");
  });

  it("ranks on the private part once a phase that reveals it has ended", () => {
    expect(
      rankingSplit(
        [
          { endsAt: new Date("2026-10-01T00:00:00Z"), revealPrivate: false },
          { endsAt: new Date("2026-11-30T12:00:00Z"), revealPrivate: true },
        ],
        now,
      ),
    ).toBe("private");
  });

  it("keeps the private part hidden after a phase that does not reveal it", () => {
    expect(rankingSplit([{ endsAt: new Date("2026-10-01T00:00:00Z"), revealPrivate: false }], now)).toBe("public");
  });
});
