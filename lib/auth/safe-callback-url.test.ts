import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath, signInPathFor } from "./safe-callback-url";

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

  it.each([
    ["a non-ASCII path", "/teams/é", "/teams/%C3%A9"],
    ["a look-alike slash", "/\uFF0Fevil.example", "/%EF%BC%8Fevil.example"],
    ["a division slash", "/\u2215evil.example/x", "/%E2%88%95evil.example/x"],
    ["a space and a query", "/teams/a b?tab=x y", "/teams/a%20b?tab=x%20y"],
  ])("rebuilds %s as a plain ASCII path on this site", (_label, value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it("leaves already-encoded paths as they are", () => {
    expect(safeCallbackPath("/teams/%C3%A9")).toBe("/teams/%C3%A9");
  });

  it("falls back when dot segments would climb to a protocol-relative path", () => {
    expect(safeCallbackPath("/.//evil.example")).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});

describe("signInPathFor", () => {
  it("carries any path through the query string and back", () => {
    const path = signInPathFor("/teams/é");
    expect(path).toBe("/signin?callbackUrl=%2Fteams%2F%25C3%25A9");
    const back = new URL(path, "http://x").searchParams.get("callbackUrl");
    expect(safeCallbackPath(back)).toBe("/teams/%C3%A9");
  });
});
