import { describe, expect, it } from "vitest";
import { sanitizeLog } from "./sanitize-log";

describe("sanitizeLog", () => {
  it("cuts host paths down to their file name and keeps the rest", () => {
    const log =
      "loading /var/lib/joulebench/storage/submissions/abc/bundle from cache\nerror at /home/runner/x.onnx: bad\nratio 3/4";
    expect(sanitizeLog(log)).toBe("loading …/bundle from cache\nerror at …/x.onnx: bad\nratio 3/4");
  });

  it("removes control characters and bounds the size, keeping the end", () => {
    const long = `\u001b[31mred\u001b[0m\n${"x".repeat(70_000)}END`;
    const cleaned = sanitizeLog(long);
    expect(cleaned).not.toContain("\u001b");
    expect(cleaned.endsWith("END")).toBe(true);
    expect(cleaned.length).toBeLessThan(66_000);
  });
});
