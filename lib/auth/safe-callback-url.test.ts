import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "./safe-callback-url";

describe("safeCallbackPath", () => {
  it.each(["/account", "/teams/acme?tab=members", "/", "/competitions/x#rules"])("keeps the site path %s", (path) => {
    expect(safeCallbackPath(path)).toBe(path);
  });

  it.each([
    ["an absolute URL", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash trick", "/\\evil.example/"],
    ["a tab that URL parsers drop", "/\t/evil.example/"],
    ["a relative path", "account"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an empty string", ""],
  ])("falls back for %s", (_label, value) => {
    expect(safeCallbackPath(value)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it("falls back when the parameter is missing or repeated", () => {
    expect(safeCallbackPath(undefined)).toBe("/teams");
    expect(safeCallbackPath(["/a", "/b"], "/")).toBe("/");
  });
});
