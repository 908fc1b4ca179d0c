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

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
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

function launch(script: string, env: Record<string, string>, args: string[] = []): Promise<Outcome> {
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
      reject(new Error(`${script} did not exit within 25 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 25_000);
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
  for (const script of ["lib/ops/web.ts", "lib/ops/start.ts"]) {
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
    const outcome = await launch("lib/ops/web.ts", {
      PORT: String(await freePort()),
      DATABASE_URL: "postgres://u:secret-pw@127.0.0.1:1/x",
    });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at 127.0.0.1:1");
    expect(outcome.stderr).toContain("connection refused");
    expect(outcome.stderr + outcome.stdout).not.toContain("secret-pw");
  });

  it("names the host when DATABASE_URL's host does not resolve", async () => {
    const outcome = await launch("lib/ops/web.ts", {
      PORT: String(await freePort()),
      DATABASE_URL: "postgres://u:p@db.invalid:5432/x",
    });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at db.invalid:5432");
  });

  it("says what is wrong with an invalid PORT", async () => {
    const outcome = await launch("lib/ops/web.ts", { PORT: "not-a-port" });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("Invalid environment: PORT");
  });

  it("runner/main.ts names an unreachable database too", async () => {
    const outcome = await launch("runner/main.ts", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" });
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain("Cannot reach PostgreSQL at 127.0.0.1:1");
  });

  it("admin prints its usage and exits 2 for bad arguments", async () => {
    const outcome = await launch("lib/ops/admin.ts", {});
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("npm run admin -- grant <email>");
    // Checked before the database: this one is unreachable, and the answer is still the usage.
    for (const args of [["promote", "a@example.com"], ["grant"], ["grant", "not-an-email"], ["list", "extra"]]) {
      const bad = await launch("lib/ops/admin.ts", { DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" }, args);
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.stderr).toContain("Usage:");
    }
  });
});
