import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = path.join(ROOT, "test-support", "ops", "own-session-fixture.ts");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "joulebench-session-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const readJournal = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : []);

async function until(check: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the fixture as a terminal would: the leader of its own foreground process group. */
function startFixture(journal: string): { relay: ChildProcess; exited: Promise<number | null> } {
  const relay = spawn(process.execPath, ["--import", "tsx", FIXTURE, journal], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((resolve) => relay.once("exit", (code) => resolve(code)));
  return { relay, exited };
}

describe("runInOwnSession", () => {
  it("keeps a Ctrl-C to the terminal's process group from reaching the database directly", async () => {
    const journal = path.join(scratch, "ctrl-c.log");
    const { relay, exited } = startFixture(journal);
    await until(() => readJournal(journal).includes("ready"), "the fixture to start");

    // What a terminal does on Ctrl-C: SIGINT to every process in the foreground group.
    process.kill(-relay.pid!, "SIGINT");

    expect(await exited).toBe(0);
    expect(readJournal(journal)).toEqual(["ready", "launcher got SIGINT", "database got SIGTERM", "database stopped"]);
  });

  it("stops the launcher in an orderly way when the relay is killed outright", async () => {
    const journal = path.join(scratch, "orphaned.log");
    const { relay, exited } = startFixture(journal);
    await until(() => readJournal(journal).includes("ready"), "the fixture to start");

    relay.kill("SIGKILL");
    await exited;

    await until(() => readJournal(journal).includes("database stopped"), "the orphaned launcher to stop");
    expect(readJournal(journal)).toEqual(["ready", "launcher got SIGTERM", "database got SIGTERM", "database stopped"]);
  });
});
