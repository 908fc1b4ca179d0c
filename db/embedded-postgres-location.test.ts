/**
 * A checkout in a folder only its owner can enter (as `/root` and `mktemp -d` folders are), used by root: the
 * embedded PostgreSQL runs as the `postgres` user, who could reach neither its binaries nor its cluster there.
 */
import { execFile, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { withSpawnErrorsAsRejections } from "./database-server";
import { traversableByOthers } from "./embedded-postgres-location";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const isRoot = process.getuid?.() === 0;
const run = promisify(execFile);

describe("traversableByOthers", () => {
  it("is false below a 0700 folder and true below 0755 ones", async () => {
    const privateDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-private-"));
    try {
      expect((await stat(privateDir)).mode & 0o777).toBe(0o700);
      expect(traversableByOthers(path.join(privateDir, "checkout", ".data"))).toBe(false);
      expect(traversableByOthers(os.tmpdir())).toBe(true);
    } finally {
      await rm(privateDir, { recursive: true, force: true });
    }
  });
});

describe("withSpawnErrorsAsRejections", () => {
  it("turns a child's unhandled spawn error into a rejection naming the binary", async () => {
    const missing = path.join(os.tmpdir(), "joulebench-no-such-binary");
    await expect(
      withSpawnErrorsAsRejections(async () => {
        // No "error" listener, as embedded-postgres spawns initdb: the error would crash the process.
        spawn(missing, []);
        await new Promise((resolve) => setTimeout(resolve, 60_000));
      }),
    ).rejects.toThrow(`cannot run ${missing}: ENOENT`);
  });
});

describe.runIf(isRoot)("embedded PostgreSQL as root in a private checkout", () => {
  it("starts, answers as the postgres user, and stops", async () => {
    const privateDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-private-"));
    const checkout = path.join(privateDir, "checkout");
    try {
      // A checkout whose node_modules (hard links: same files, no copy) and db/ live inside the 0700 folder.
      await mkdir(path.join(checkout, "db"), { recursive: true });
      await run("cp", ["-al", path.join(ROOT, "node_modules"), path.join(checkout, "node_modules")]);
      await copyFile(path.join(ROOT, "package.json"), path.join(checkout, "package.json"));
      for (const file of await readdir(path.join(ROOT, "db"))) {
        if (file.endsWith(".ts")) await copyFile(path.join(ROOT, "db", file), path.join(checkout, "db", file));
      }
      const script = [
        'import postgres from "postgres";',
        'import { openDatabaseServer } from "./db/database-server";',
        'const server = await openDatabaseServer({ dataDir: ".data/postgres" });',
        "const sql = postgres(server.url, { max: 1 });",
        "const [row] = await sql`select current_user as who`;",
        "console.log(`user=${row.who}`);",
        "await sql.end();",
        "await server.stop();",
      ].join("\n");
      await writeFile(path.join(checkout, "open-database.ts"), script);
      const { stdout } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["open-database.ts"], {
        cwd: checkout,
        env: { ...process.env, DATABASE_URL: "" },
        timeout: 120_000,
      });
      expect(stdout).toContain("user=postgres");
      const clusterDir = (await readFile(path.join(checkout, ".data/postgres/cluster-location"), "utf8")).trim();
      expect(traversableByOthers(path.dirname(clusterDir))).toBe(true);
      await rm(clusterDir, { recursive: true, force: true });
    } finally {
      await rm(privateDir, { recursive: true, force: true });
    }
  }, 180_000);
});
