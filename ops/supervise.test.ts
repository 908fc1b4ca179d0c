import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIGURATION_ERROR_EXIT_CODE, runToCompletion, supervise, type RestartPolicy } from "./supervise";

const FAST_RESTARTS: RestartPolicy = { maxCrashes: 3, windowMs: 60_000, initialDelayMs: 20, maxDelayMs: 100 };

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "joulebench-supervise-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function collectLines() {
  const lines: string[] = [];
  return { lines, writeLine: (line: string) => void lines.push(line) };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function eventually(check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("supervise", () => {
  it("prefixes every output line with the child's name", async () => {
    const { lines, writeLine } = collectLines();
    const code = await runToCompletion({
      name: "greeter",
      command: process.execPath,
      args: ["-e", "console.log('hello'); console.error('oops'); process.exit(3)"],
      writeLine,
    });
    expect(code).toBe(3);
    expect(lines).toEqual(expect.arrayContaining(["[greeter] hello", "[greeter] oops"]));
  });

  it("restarts a child that crashes, and stop() ends the restarted one", async () => {
    const marker = path.join(scratch, "crashed-once");
    // First run: leave a marker and crash. Second run: stay up.
    const script = `
      const fs = require("node:fs");
      console.log("started " + process.pid);
      if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ""); process.exit(1); }
      setInterval(() => {}, 1000);`;
    const { lines, writeLine } = collectLines();
    const child = supervise({
      name: "flaky",
      command: process.execPath,
      args: ["-e", script],
      restart: FAST_RESTARTS,
      writeLine,
    });

    await eventually(() => lines.filter((line) => line.startsWith("[flaky] started")).length === 2);
    expect(child.starts()).toBe(2);
    expect(lines.some((line) => line.includes("exited with code 1; restarting"))).toBe(true);
    const pid = child.pid();
    expect(pid).toBeDefined();
    expect(isAlive(pid!)).toBe(true);

    const end = await child.stop();
    expect(end.reason).toBe("stopped");
    expect(isAlive(pid!)).toBe(false);
    // Stopped means stopped: no restart after a requested stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.starts()).toBe(2);
  });

  it("gives up on a child that crash-loops, and says so", async () => {
    const { lines, writeLine } = collectLines();
    const child = supervise({
      name: "doomed",
      command: process.execPath,
      args: ["-e", "process.exit(7)"],
      restart: FAST_RESTARTS,
      writeLine,
    });
    const end = await child.ended;
    expect(end).toMatchObject({ reason: "gave-up", code: 7 });
    expect(child.starts()).toBe(FAST_RESTARTS.maxCrashes);
    expect(lines.at(-1)).toMatch(/crashed 3 times within 60 s, so it will not be restarted/);
  });

  it("does not restart a child that reports a configuration error", async () => {
    const { lines, writeLine } = collectLines();
    const child = supervise({
      name: "misconfigured",
      command: process.execPath,
      args: ["-e", `console.error("bubblewrap is not installed"); process.exit(${CONFIGURATION_ERROR_EXIT_CODE})`],
      restart: FAST_RESTARTS,
      writeLine,
    });
    const end = await child.ended;
    expect(end).toMatchObject({ reason: "misconfigured", code: CONFIGURATION_ERROR_EXIT_CODE });
    expect(child.starts()).toBe(1);
    expect(lines.filter((line) => line.includes("bubblewrap is not installed"))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/configuration problem .* will not be restarted/);
  });

  it("kills a child that ignores SIGTERM once the grace period is over", async () => {
    const { lines, writeLine } = collectLines();
    const child = supervise({
      name: "stubborn",
      command: process.execPath,
      args: [
        "-e",
        "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); console.log('up'); setInterval(() => {}, 1000)",
      ],
      graceMs: 300,
      writeLine,
    });
    await eventually(() => lines.includes("[stubborn] up"));
    const pid = child.pid()!;
    const startedStopping = Date.now();
    const end = await child.stop();
    expect(end).toMatchObject({ reason: "stopped", signal: "SIGKILL" });
    expect(Date.now() - startedStopping).toBeGreaterThanOrEqual(250);
    expect(lines).toContain("[stubborn] ignoring SIGTERM");
    expect(isAlive(pid)).toBe(false);
  });

  it("does not restart a child when restarting is off", async () => {
    const child = supervise({
      name: "once",
      command: process.execPath,
      args: ["-e", "process.exit(0)"],
      restart: false,
      writeLine: () => {},
    });
    expect(await child.ended).toMatchObject({ reason: "exited", code: 0 });
    expect(child.starts()).toBe(1);
  });

  it("reports a command that cannot be started instead of hanging", async () => {
    const { lines, writeLine } = collectLines();
    const code = await runToCompletion({
      name: "missing",
      command: path.join(scratch, "no-such-binary"),
      args: [],
      writeLine,
    });
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/could not start: .*ENOENT/);
  });
});
