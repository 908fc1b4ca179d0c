import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readHiddenLine } from "./hidden-input";

describe("readHiddenLine", () => {
  it("returns the typed line and writes the prompt, but never the line itself", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => (written += chunk.toString()));
    const line = readHiddenLine("Paste your API token: ", input, output);
    input.write("jb_secret_token_value\n");
    expect(await line).toBe("jb_secret_token_value");
    expect(written).toContain("Paste your API token: ");
    expect(written).not.toContain("jb_secret");
  });
});
