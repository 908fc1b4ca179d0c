import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, fixedSecurityHeaders } from "./response-headers";

const base = { nonce: "abc123==", development: false, https: false, githubSignIn: false };

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")] as const;
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("allows only scripts carrying this response's nonce, and no framing", () => {
    const policy = directives(contentSecurityPolicy(base));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
    expect(contentSecurityPolicy(base)).not.toContain("unsafe-eval");
  });

  it("adds eval only for next dev, GitHub only when its sign-in is on, and upgrades requests on https", () => {
    expect(directives(contentSecurityPolicy({ ...base, development: true })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
    expect(directives(contentSecurityPolicy({ ...base, githubSignIn: true })).get("form-action")).toBe(
      "'self' https://github.com",
    );
    expect(directives(contentSecurityPolicy({ ...base, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("fixed headers and nonces", () => {
  it("deny framing and sniffing and keep full URLs on the site", () => {
    const headers = Object.fromEntries(fixedSecurityHeaders.map(({ key, value }) => [key, value]));
    expect(headers).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});
