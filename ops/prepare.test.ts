import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDotEnv } from "./prepare";

const originalCwd = process.cwd();
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "joulebench-dotenv-"));
  process.chdir(folder);
});
afterEach(async () => {
  process.chdir(originalCwd);
  delete process.env.JOULEBENCH_TEST_FROM_FILE;
  delete process.env.JOULEBENCH_TEST_BOTH;
  await rm(folder, { recursive: true, force: true });
});

describe("loadDotEnv", () => {
  it("reads .env from the working directory, and the environment wins over it", async () => {
    await writeFile(path.join(folder, ".env"), "JOULEBENCH_TEST_FROM_FILE=file\nJOULEBENCH_TEST_BOTH=file\n");
    process.env.JOULEBENCH_TEST_BOTH = "environment";
    loadDotEnv();
    expect(process.env.JOULEBENCH_TEST_FROM_FILE).toBe("file");
    expect(process.env.JOULEBENCH_TEST_BOTH).toBe("environment");
  });

  it("does nothing without a .env", () => {
    expect(() => loadDotEnv()).not.toThrow();
    expect(process.env.JOULEBENCH_TEST_FROM_FILE).toBeUndefined();
  });
});
