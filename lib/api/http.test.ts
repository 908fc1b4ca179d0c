/** API v1's answers: security headers on success and on error (API v1 is outside proxy.ts), and cached bodies. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors";
import { API_CONTENT_SECURITY_POLICY } from "../security/response-headers";
import { bytesEtag, cachedBytesResponse, handleApi } from "./http";

afterEach(() => {
  vi.unstubAllEnvs();
});

function expectApiHeaders(response: Response) {
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("content-security-policy")).toBe(API_CONTENT_SECURITY_POLICY);
}

describe("handleApi", () => {
  it("puts the security headers on an answer, without HSTS on an http site", async () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    const response = await handleApi(
      async () => new Response("{}", { headers: { "content-type": "application/json" } }),
    );
    expectApiHeaders(response);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("puts them on an error answer too, and HSTS on an https site", async () => {
    vi.stubEnv("AUTH_URL", "https://joulebench.example.org");
    const response = await handleApi(async () => {
      throw new AppError("NOT_FOUND", "Track not found.");
    });
    expect(response.status).toBe(404);
    expectApiHeaders(response);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "Track not found." } });
  });
});

describe("cachedBytesResponse", () => {
  it("answers with exactly the cached bytes, as often as asked, without using them up", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ entries: ["é", "ü", 1, 2, 3] }));
    const copy = bytes.slice();
    for (let answer = 0; answer < 3; answer++) {
      const response = cachedBytesResponse(bytes, { "content-type": "application/json" });
      expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(copy);
    }
    // The cache still holds the same, intact bytes (a transferring stream would have detached them).
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(bytes).toEqual(copy);
  });

  it("names the bytes with a strong ETag that changes with them", () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ entries: [1, 2, 3] }));
    const etag = bytesEtag(bytes);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(cachedBytesResponse(bytes, {}, etag).headers.get("etag")).toBe(etag);
    expect(bytesEtag(new TextEncoder().encode(JSON.stringify({ entries: [1, 2, 4] })))).not.toBe(etag);
    expect(cachedBytesResponse(bytes, {}).headers.get("etag")).toBeNull();
  });
});
