import { describe, expect, it } from "vitest";
import { normalizeName, visibleNameSchema } from "./visible-name";

const schema = visibleNameSchema({ min: 2, max: 60, tooShort: "too short", tooLong: "too long" });
const problem = (name: string) => {
  const parsed = schema.safeParse(name);
  return parsed.success ? null : parsed.error.issues[0]?.message;
};

describe("visible names", () => {
  it("keeps ordinary names in any script, normalized", () => {
    expect(schema.parse("  Ada   Lovelace ")).toBe("Ada Lovelace");
    expect(schema.parse("Équipe Éclair")).toBe("Équipe Éclair");
    expect(schema.parse("東京チーム")).toBe("東京チーム");
    expect(schema.parse("فريق الطاقة")).toBe("فريق الطاقة");
    expect(schema.parse("Team 42 ⚡")).toBe("Team 42 ⚡");
  });

  it("folds compatibility look-alikes with NFKC", () => {
    expect(normalizeName("Ｌｏｗ　Ｗａｔｔ")).toBe("Low Watt");
    expect(normalizeName("ﬁnal")).toBe("final");
  });

  it.each([
    ["a NUL byte", "Low\u0000Watt"],
    ["a tab", "Low\tWatt"],
    ["a right-to-left override", "Team \u202Egnp.exe"],
    ["a bidi isolate", "Team \u2067x\u2069"],
    ["a zero-width space", "Low\u200BWatt"],
    ["a zero-width joiner", "Low\u200DWatt"],
    ["a byte-order mark", "\uFEFFLow Watt"],
    ["a soft hyphen", "Low\u00ADWatt"],
    ["a line separator", "Low\u2028Watt"],
    ["a private-use character", "Low\uE000Watt"],
  ])("refuses %s", (_label, name) => {
    expect(problem(name)).toMatch(/control, invisible or text-direction/);
  });

  it.each([
    ["zero-width characters only", "\u200B\u200B\u200B"],
    ["Hangul fillers", "\u3164\u3164"],
    ["punctuation only", "..--"],
    ["combining marks only", "\u0301\u0301"],
    ["the Braille blank", "\u2800\u2800"],
  ])("refuses a name without a visible letter: %s", (_label, name) => {
    expect(problem(name)).not.toBeNull();
  });

  it("measures length after normalizing", () => {
    expect(problem("  A  ")).toBe("too short");
    expect(problem("x".repeat(61))).toBe("too long");
  });
});
