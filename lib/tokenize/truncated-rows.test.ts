/** The report counts truncated examples from these flags, so they must say exactly which rows lost tokens. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTextEncoder, parseTokenizerJson } from "./text-encoder";

const wordLevel = () =>
  parseTokenizerJson(readFileSync(new URL("./fixtures/wordlevel-tokenizer.json", import.meta.url), "utf8"));

describe("truncated rows", () => {
  it("flags a text or a pair longer than the maximum length, and only those", () => {
    const encoder = createTextEncoder(wordLevel(), { maxLength: 6 });
    const short = encoder.encode("good movie");
    const long = encoder.encode("a good movie with a good plot and a good cast");
    expect(short.truncated).toBe(false);
    expect(long.truncated).toBe(true);
    expect(long.ids.length).toBeLessThanOrEqual(6);
    expect(encoder.encode("good", "a good movie with a good plot").truncated).toBe(true);
  });

  it("lists the truncated rows of a batch by index", () => {
    const encoder = createTextEncoder(wordLevel(), { maxLength: 6 });
    const batch = encoder.encodeBatch([
      { text: "good" },
      { text: "a good movie with a good plot and a good cast" },
      { text: "bad" },
      { text: "bad bad bad bad bad bad bad bad" },
    ]);
    expect(batch.truncatedRows).toEqual([1, 3]);
  });
});
