/**
 * `npm run admin -- reset-link` prints a link to where the site really runs: the command is run for real (tsx,
 * a real database, its own working folder with a .env), the way an operator runs it in a second terminal.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-support/db/test-database";
import { registerUser } from "../lib/data/users";
import { readEnvironment } from "../lib/env";
import { operatorSiteUrl, recordSiteAddress } from "./site-address";

const testDb = useTestDatabase();
const run = promisify(execFile);
let folder = "";

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "joulebench-admin-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Runs the admin command in `folder` with only the given variables (no PORT or AUTH_URL from this process). */
async function resetLink(email: string, variables: Record<string, string> = {}): Promise<string> {
  const { PORT: _port, AUTH_URL: _authUrl, ...inherited } = process.env;
  const { stdout } = await run(
    process.execPath,
    [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("ops/admin.ts"), "reset-link", email],
    { cwd: folder, env: { ...inherited, DATABASE_URL: testDb.url, JOULEBENCH_DATA_DIR: folder, ...variables } },
  );
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(stdout)?.[0];
  if (!link) throw new Error(`no link in: ${stdout}`);
  return link;
}

async function someone(): Promise<string> {
  const user = await registerUser(testDb.db, {
    name: "Locked Out",
    email: `admin-${Date.now()}-${Math.random()}@example.com`,
    password: "copper kettle drifts sideways",
  });
  return user.email!;
}

describe("npm run admin -- reset-link", () => {
  it("uses the port of the site running from this folder, recorded by the launcher", async () => {
    recordSiteAddress("http://localhost:3217", folder);
    expect(new URL(await resetLink(await someone())).origin).toBe("http://localhost:3217");
  });

  it("uses PORT and AUTH_URL from .env, and the environment over .env", async () => {
    await writeFile(path.join(folder, ".env"), "PORT=3218\n");
    expect(new URL(await resetLink(await someone())).origin).toBe("http://localhost:3218");
    expect(new URL(await resetLink(await someone(), { PORT: "3219" })).origin).toBe("http://localhost:3219");
    await writeFile(path.join(folder, ".env"), "AUTH_URL=https://bench.example.org/\n");
    expect(new URL(await resetLink(await someone(), { PORT: "3219" })).origin).toBe("https://bench.example.org");
  });
});

describe("operatorSiteUrl", () => {
  const env = (values: Record<string, string>) => readEnvironment(values as NodeJS.ProcessEnv);
  it("prefers AUTH_URL, then a PORT that was set, then the running site's address, then the default", () => {
    expect(operatorSiteUrl(env({ AUTH_URL: "https://a.example/", PORT: "4000" }), true, "http://localhost:5000")).toBe(
      "https://a.example",
    );
    expect(operatorSiteUrl(env({ PORT: "4000" }), true, "http://localhost:5000")).toBe("http://localhost:4000");
    expect(operatorSiteUrl(env({}), false, "http://localhost:5000")).toBe("http://localhost:5000");
    expect(operatorSiteUrl(env({}), false, undefined)).toBe("http://localhost:3000");
  });
});
