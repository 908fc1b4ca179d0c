import { describe, expect, it } from "vitest";
import { nameSkeleton, reservedNameImitated, RESERVED_TEAM_NAMES } from "./reserved-team-names";

describe("reserved team names", () => {
  it("refuses every reserved name as it is, in other cases, and with odd spacing", () => {
    for (const name of RESERVED_TEAM_NAMES) {
      expect(reservedNameImitated(name)).not.toBeNull();
      expect(reservedNameImitated(name.toUpperCase())).not.toBeNull();
      expect(reservedNameImitated(` ${name.toLowerCase().split("").join(" ")} `)).not.toBeNull();
    }
  });

  it("refuses look-alikes: other scripts, digits for letters, fullwidth forms, accents, punctuation", () => {
    const lookAlikes = [
      "Јоulebench baselines", // Cyrillic Je and o
      "J0ULEBENCH BASELINES", // digit zero
      "Ｊｏｕｌｅｂｅｎｃｈ ｂａｓｅｌｉｎｅｓ", // fullwidth
      "Jöulebénch baselines",
      "Joule-Bench_Baselines",
      "Joulebench official",
      "The joulebench team",
      "аdmin", // Cyrillic a
      "ADMlN", // l for I
      "Organ1zers".replace("1", "і"), // Ukrainian i
      "Ѕtaff", // Cyrillic Dze
    ];
    for (const name of lookAlikes) expect(reservedNameImitated(name), name).not.toBeNull();
  });

  it("accepts ordinary names, including ones that contain a reserved word", () => {
    for (const name of [
      "Low Watt Labs",
      "Badminton club",
      "Baseline beaters",
      "Rooted",
      "Système D",
      "Équipe verte",
      "電力ゼロ",
    ]) {
      expect(reservedNameImitated(name), name).toBeNull();
    }
  });

  it("gives look-alikes one skeleton and different names different ones", () => {
    expect(nameSkeleton("Јоule")).toBe(nameSkeleton("joule"));
    expect(nameSkeleton("Volts")).not.toBe(nameSkeleton("Amps"));
  });
});
