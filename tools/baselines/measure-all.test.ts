import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateArguments, parseMeasureOptions, splitsOf } from "./measure-all";

describe("measure-all", () => {
  it("measures every split a task defines", () => {
    expect(splitsOf("sst2")).toEqual(["test", "dev", "ood:amazon", "ood:imdb", "ood:yelp"]);
    expect(splitsOf("rte")).toEqual(["test"]);
  });

  it("defaults to both CPU profiles and the full protocol", () => {
    const options = parseMeasureOptions([]);
    expect(options).toEqual({
      dir: path.resolve(".data/baselines"),
      profiles: ["cpu-1t", "cpu-2t"],
      only: null,
      blocks: null,
      quick: false,
    });
    expect(evaluateArguments("b.zip", "sms-spam", "cpu-2t", options)).toEqual([
      "runner/cli.mjs",
      "evaluate",
      "b.zip",
      "--task",
      "sms-spam",
      "--profile",
      "cpu-2t",
      "--split",
      "test",
      "--json",
    ]);
  });

  it("passes the quick protocol or a repeat count through to the CLI", () => {
    const quick = parseMeasureOptions(["--quick", "--only", "a, b", "--profiles", "cpu-1t"]);
    expect(quick.only).toEqual(["a", "b"]);
    expect(evaluateArguments("b.zip", "rte", "cpu-1t", quick)).toContain("--min-queries");
    expect(evaluateArguments("b.zip", "rte", "cpu-1t", parseMeasureOptions(["--blocks", "7"]))).toEqual(
      expect.arrayContaining(["--blocks", "7"]),
    );
  });
});
