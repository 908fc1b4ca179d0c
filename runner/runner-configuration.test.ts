/**
 * A host that cannot sandbox is a configuration error: the runner says once what is missing and how to fix it,
 * exits with the code the supervisor does not restart, and leaves a row the runners page shows.
 */
import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-support/db/test-database";
import { runners } from "../db/schema";
import { CONFIGURATION_ERROR_EXIT_CODE } from "../ops/supervise";
import { sandboxAvailable } from "./evaluate/host-capabilities";
import { RunnerConfigurationError, startRunner } from "./main";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const testDb = useTestDatabase();
let fakeBin: string;

beforeAll(async () => {
  // A bwrap that fails without a word, as it does where user namespaces are refused.
  fakeBin = await mkdtemp(path.join(os.tmpdir(), "joulebench-fake-bwrap-"));
  await writeFile(path.join(fakeBin, "bwrap"), "#!/bin/sh\nexit 1\n");
  await chmod(path.join(fakeBin, "bwrap"), 0o755);
});
afterAll(async () => {
  await rm(fakeBin, { recursive: true, force: true });
});

describe("sandboxAvailable", () => {
  it("says bubblewrap is not installed, and how to install it", async () => {
    const check = await sandboxAvailable(path.join(fakeBin, "no-such-bwrap"));
    expect(check).toEqual({ ok: false, reason: expect.stringContaining("is not installed") });
    expect(check.ok ? "" : check.reason).toContain("apt-get install -y bubblewrap");
  });

  it("gives a reason when bubblewrap fails without printing one", async () => {
    const check = await sandboxAvailable(path.join(fakeBin, "bwrap"));
    expect(check.ok ? "" : check.reason).toContain("it exited with code 1 and printed nothing");
  });
});

describe("startRunner without a usable sandbox", () => {
  it("refuses with a configuration error", async () => {
    const start = startRunner({
      databaseUrl: testDb.url,
      profiles: ["cpu-1t"],
      bwrapCommand: path.join(fakeBin, "no-such-bwrap"),
      log: () => {},
    });
    await expect(start).rejects.toBeInstanceOf(RunnerConfigurationError);
    await expect(start).rejects.toThrow("JOULEBENCH_UNSAFE_NO_SANDBOX=1");
  });

  it("`npm run runner` exits with the configuration code, says why once, and shows it on the runners page", async () => {
    const outcome = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["runner/main.ts"], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: testDb.url,
          PATH: `${fakeBin}:${process.env.PATH ?? ""}`,
          RUNNER_PROFILES: "cpu-1t",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("exit", (code) => resolve({ code, stderr }));
    });
    expect(outcome.code).toBe(CONFIGURATION_ERROR_EXIT_CODE);
    expect(
      outcome.stderr.match(
        /bubblewrap cannot create its sandbox on this host: it exited with code 1 and printed nothing/g,
      ),
    ).toHaveLength(1);
    const rows = await testDb.db.select().from(runners);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.stoppedAt).not.toBeNull();
    expect(rows[0]?.problem).toContain("bubblewrap cannot create its sandbox");
  }, 120_000);
});
