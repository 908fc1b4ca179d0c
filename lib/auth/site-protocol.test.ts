import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { productionSiteUrlProblem, servedOverHttps } from "./site-protocol";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("servedOverHttps", () => {
  it("follows AUTH_URL when it is set, whatever a proxy says", () => {
    expect(servedOverHttps({ AUTH_URL: "https://jb.example" }, null)).toBe(true);
    expect(servedOverHttps({ AUTH_URL: "http://localhost:3000" }, "https")).toBe(false);
  });

  it("follows the first X-Forwarded-Proto when AUTH_URL is not set", () => {
    expect(servedOverHttps({ AUTH_URL: undefined }, "https")).toBe(true);
    expect(servedOverHttps({ AUTH_URL: undefined }, "HTTPS, http")).toBe(true);
    expect(servedOverHttps({ AUTH_URL: undefined }, "http")).toBe(false);
    expect(servedOverHttps({ AUTH_URL: undefined }, null)).toBe(false);
  });
});

describe("productionSiteUrlProblem", () => {
  it.each(["https://joulebench.example.org", "http://localhost:3100", "http://127.0.0.1:3000", "http://[::1]:3000"])(
    "accepts %s",
    (url) => expect(productionSiteUrlProblem({ AUTH_URL: url })).toBeNull(),
  );

  it("accepts an unset AUTH_URL (a local trial at http://localhost)", () => {
    expect(productionSiteUrlProblem({ AUTH_URL: undefined })).toBeNull();
  });

  it.each(["http://joulebench.example.org", "http://10.0.0.5:3000", "ftp://x.example", "not a url"])(
    "refuses %s",
    (url) => expect(productionSiteUrlProblem({ AUTH_URL: url })).toMatch(/AUTH_URL/),
  );

  it("stops `npm run web` before it touches the database", async () => {
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["ops/web.ts"], {
        cwd: ROOT,
        env: {
          ...process.env,
          AUTH_URL: "http://joulebench.example.org",
          DATABASE_URL: "postgres://u:p@127.0.0.1:1/x",
          PORT: "3999",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`web.ts did not exit: ${stderr}`));
      }, 25_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("AUTH_URL must start with https://");
    expect(outcome.stderr).not.toContain("Cannot reach PostgreSQL");
  });
});
