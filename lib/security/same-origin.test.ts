import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { isSameOrigin, requireSameOrigin } from "./same-origin";

const post = (headers: Record<string, string>, method = "POST") =>
  new Request("http://localhost:3000/organize/import", { method, headers });

describe("same-origin check for state-changing routes", () => {
  it("accepts our own pages and clients that send no Origin (scripts, the CLI)", () => {
    expect(isSameOrigin(post({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(true);
    expect(isSameOrigin(post({ host: "localhost:3000" }))).toBe(true);
  });

  it("refuses another site, a look-alike host and a garbled Origin with FORBIDDEN", () => {
    for (const origin of [
      "http://evil.example",
      "http://localhost:3000.evil.example",
      "http://localhost:3001",
      "null",
    ]) {
      let thrown: unknown;
      try {
        requireSameOrigin(post({ host: "localhost:3000", origin }));
      } catch (error) {
        thrown = error;
      }
      expect(isAppError(thrown) && thrown.code === "FORBIDDEN", origin).toBe(true);
    }
  });

  it("leaves reads alone", () => {
    expect(() =>
      requireSameOrigin(post({ host: "localhost:3000", origin: "http://evil.example" }, "GET")),
    ).not.toThrow();
  });
});
