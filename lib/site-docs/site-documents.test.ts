import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentsOf, findDocument, SITE_DOCUMENTS, siteHrefFor } from "./site-documents";

describe("site documents", () => {
  it("serves only listed files, each present in docs/", () => {
    for (const document of SITE_DOCUMENTS) {
      expect(readFileSync(path.join(process.cwd(), "docs", document.file), "utf8").length).toBeGreaterThan(100);
    }
    expect(findDocument("../package")).toBeUndefined();
    expect(findDocument("README")).toBeUndefined();
  });

  it("rewrites links between served guides to their pages and leaves the rest alone", () => {
    expect(siteHrefFor("methodology.md#energy")).toBe("/methodology#energy");
    expect(siteHrefFor("submitting.md")).toBe("/docs/submitting");
    expect(siteHrefFor("docs/runners.md")).toBe("/docs/runners");
    expect(siteHrefFor("./datasets.md#sst-2")).toBe("/docs/datasets#sst-2");
    expect(siteHrefFor("BASELINES.md")).toBe("/docs/baselines");
    expect(siteHrefFor("README.md")).toBe("README.md");
    expect(siteHrefFor("https://example.org/a.md")).toBe("https://example.org/a.md");
  });

  it("lists level-2 and level-3 headings with GitHub's anchors, skipping code blocks", () => {
    const markdown = [
      "# Title",
      "## Energy",
      "### The `noisy` flag",
      "```",
      "## not a heading",
      "```",
      "## Energy",
    ].join("\n");
    expect(contentsOf(markdown)).toEqual([
      { depth: 2, text: "Energy", id: "energy" },
      { depth: 3, text: "The noisy flag", id: "the-noisy-flag" },
      { depth: 2, text: "Energy", id: "energy-1" },
    ]);
  });
});
