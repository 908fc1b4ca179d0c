import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralizeCsvCell, writeCsv } from "./write-csv";

describe("CSV injection", () => {
  it.each(['=HYPERLINK("http://evil")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"])(
    "prefixes %j with a quote",
    (text) => {
      expect(neutralizeCsvCell(text)).toBe(`'${text}`);
    },
  );

  it.each(["Volts", "", "a=b", " =1", "'quoted", "1e3"])("leaves %j alone", (text) => {
    expect(neutralizeCsvCell(text)).toBe(text);
  });

  it("neutralizes every text cell but writes numbers, negative ones included, as numbers", () => {
    const csv = writeCsv(
      [{ team: "=1+1", model: "@x", delta: -0.5, ok: true, missing: null }],
      ["team", "model", "delta", "ok", "missing"],
    );
    expect(parse(csv, { columns: true })).toEqual([
      { team: "'=1+1", model: "'@x", delta: "-0.5", ok: "true", missing: "" },
    ]);
  });

  it("writes the header alone when there is no record", () => {
    expect(writeCsv([], ["rank", "team"])).toBe("rank,team\n");
  });
});
