/**
 * docs/methodology.md must state the protocol the code runs. Its "Protocol defaults" table is read here and every
 * default of runner/evaluate/measurement-protocol.ts (the noise limits among them), the median's confidence and the protocol
 * version must appear in it with the code's value: changing a default without the page fails this test, and so does
 * adding a knob the page does not describe.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MEDIAN_CI_CONFIDENCE } from "../../lib/statistics/sample-statistics";
import { measurementProtocol, PROTOCOL_VERSION } from "../../runner/evaluate/measurement-protocol";

const page = readFileSync(new URL("../../docs/methodology.md", import.meta.url), "utf8");

/** `| \`name\` | value | meaning |` rows of the page's tables, name → value as written. */
function tableValues(markdown: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const match = /^\|\s*`([A-Za-z_][A-Za-z0-9_]*)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  return values;
}

describe("docs/methodology.md is in step with the code", () => {
  const documented = tableValues(page);

  it.each(Object.entries(measurementProtocol()))("states the default of %s", (name, value) => {
    expect(documented.get(name), `docs/methodology.md has no "| \`${name}\` | … |" row`).toBeDefined();
    expect(documented.get(name)).toBe(String(value));
  });

  it("states the protocol version and the median's confidence", () => {
    expect(documented.get("PROTOCOL_VERSION")).toBe(PROTOCOL_VERSION);
    expect(documented.get("MEDIAN_CI_CONFIDENCE")).toBe(String(MEDIAN_CI_CONFIDENCE));
  });

  it("names the version in its text too, where a reader meets it first", () => {
    expect(page).toContain(`currently **${PROTOCOL_VERSION}**`);
  });

  it("reads a table row as written and notices a changed value", () => {
    const values = tableValues("| name | value |\n|---|---|\n| `blocks` | 4 | text |\n");
    expect(values.get("blocks")).toBe("4");
    expect(values.get("blocks")).not.toBe(String(measurementProtocol().blocks));
  });
});
