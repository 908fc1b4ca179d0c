import { describe, expect, it } from "vitest";
import { countOf } from "./counted-noun";

describe("countOf", () => {
  it("says 1 core, 2 cores, 0 cores, and groups thousands", () => {
    expect([countOf(1, "core"), countOf(2, "core"), countOf(0, "core"), countOf(1200, "query", "queries")]).toEqual([
      "1 core",
      "2 cores",
      "0 cores",
      "1,200 queries",
    ]);
  });
});
