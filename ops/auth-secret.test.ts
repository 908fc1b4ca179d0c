import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateAuthSecret } from "./auth-secret";

let dataDir: string;
beforeEach(async () => {
  dataDir = path.join(await mkdtemp(path.join(tmpdir(), "joulebench-secret-")), "data");
});
afterEach(async () => {
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

describe("loadOrCreateAuthSecret", () => {
  it("generates a secret once, readable only by its owner, and reuses it", async () => {
    const first = await loadOrCreateAuthSecret(dataDir);
    expect(first.length).toBeGreaterThanOrEqual(40);
    const file = path.join(dataDir, "auth-secret");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    expect(await loadOrCreateAuthSecret(dataDir)).toBe(first);
  });

  it("gives concurrent starters the same secret", async () => {
    const secrets = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateAuthSecret(dataDir)));
    expect(new Set(secrets).size).toBe(1);
  });
});
