/** The request proxy itself (proxy.ts at the project root), called as Next.js calls it. */
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "../../proxy";

afterEach(() => {
  vi.unstubAllEnvs();
});

function run(url: string) {
  return proxy(new NextRequest(url));
}

describe("proxy", () => {
  it("hands Next.js the same nonce it sends the browser, and sets the fixed headers", () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    const response = run("http://localhost:3000/teams");
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    // NextResponse.next({ request: { headers } }) passes overridden request headers under this prefix.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(policy).not.toContain("upgrade-insecure-requests");
  });

  it("adds HSTS and upgrades requests on an https site", () => {
    vi.stubEnv("AUTH_URL", "https://joulebench.example.org");
    const response = run("https://joulebench.example.org/");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("uses a new nonce for every request", () => {
    const nonce = () =>
      /'nonce-([^']+)'/.exec(run("http://localhost:3000/").headers.get("content-security-policy")!)?.[1];
    expect(nonce()).not.toBe(nonce());
  });

  it.each(["/badges/%00", "/models/a%00b", "/competitions/%0a", "/badges/%E0%A4%A"])(
    "answers %s with 404 before any page or route runs",
    (pathname) => {
      vi.stubEnv("AUTH_URL", "http://localhost:3000");
      const response = run(`http://localhost:3000${pathname}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("x-middleware-next")).toBeNull();
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    },
  );

  it("leaves /api/v1 itself to API v1's handler, which sets the API's own headers", () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    expect(run("http://localhost:3000/api/v1").headers.get("content-security-policy")).toBeNull();
  });

  it("lets a path with ordinary escapes through", () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3000");
    expect(run("http://localhost:3000/competitions/caf%C3%A9").headers.get("x-middleware-next")).toBe("1");
  });
});
