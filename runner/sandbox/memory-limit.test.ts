import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMemoryLimit, type MemoryLimit, removeAbandonedMemoryLimits } from "./memory-limit";
import { runSandboxed } from "./run-sandboxed";

const MIB = 2 ** 20;
const V1_PARENT = "/sys/fs/cgroup/memory/joulebench";
/** Whether this host offers what the first mechanism needs; the assertions below follow from it. */
const hostHasCgroupV1 = (() => {
  try {
    accessSync("/sys/fs/cgroup/memory/cgroup.procs", constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();

/** Grows memory outside V8's heap in touched 16 MiB steps up to `mebibytes`, reports, and holds it `holdMs`. */
const allocateScript = (mebibytes: number, holdMs = 0) =>
  `const held=[];for(let i=0;i<${mebibytes / 16};i++)held.push(Buffer.alloc(${16 * MIB},1));` +
  `console.log(JSON.stringify({held:held.length}));setTimeout(()=>{},${holdMs})`;

function runWithPrefix(
  limit: MemoryLimit,
  script: string,
): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const [command, ...args] = [...limit.prefix, process.execPath, "-e", script];
  const child = spawn(command!, args, { stdio: ["ignore", "pipe", "ignore"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  return new Promise((resolve) => child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout })));
}

describe.runIf(hostHasCgroupV1)("createMemoryLimit on a host with a writable cgroup v1 memory controller", () => {
  it("creates a cgroup capping memory and memory+swap, and releases it", async () => {
    const name = `memory-limit-test-${process.pid}-a`;
    const limit = await createMemoryLimit(name, 128 * MIB);
    const dir = path.join(V1_PARENT, name);
    try {
      expect(limit.mechanism).toBe("cgroup-v1");
      expect(Number(readFileSync(path.join(dir, "memory.limit_in_bytes"), "utf8"))).toBe(128 * MIB);
      if (existsSync(path.join(dir, "memory.memsw.limit_in_bytes"))) {
        // With swap accounting on, the cap covers swap too: a model cannot page its way past it.
        expect(Number(readFileSync(path.join(dir, "memory.memsw.limit_in_bytes"), "utf8"))).toBe(128 * MIB);
      }
      expect(limit.prefix).toEqual(["sh", "-c", expect.any(String), path.join(dir, "cgroup.procs")]);
    } finally {
      await limit.release();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("puts the prefixed process in the cgroup, and the kernel kills it past the cap", async () => {
    const name = `memory-limit-test-${process.pid}-b`;
    const limit = await createMemoryLimit(name, 128 * MIB);
    try {
      const run = await runWithPrefix(limit, allocateScript(1024));
      expect(run.signal).toBe("SIGKILL");
      expect(run.stdout).toBe("");
      const usage = await limit.readUsage();
      expect(usage.oomKilled).toBe(true);
      expect(usage.peakBytes).toBeGreaterThan(100 * MIB);
      expect(usage.peakBytes).toBeLessThanOrEqual(128 * MIB);
    } finally {
      await limit.release();
    }
    expect(existsSync(path.join(V1_PARENT, name))).toBe(false);
  });

  it("lets a process within the cap finish, and reads its peak without reporting an OOM kill", async () => {
    const name = `memory-limit-test-${process.pid}-c`;
    const limit = await createMemoryLimit(name, 256 * MIB);
    try {
      const run = await runWithPrefix(limit, allocateScript(64));
      expect(run).toMatchObject({ exitCode: 0, signal: null });
      expect(JSON.parse(run.stdout)).toEqual({ held: 4 });
      const usage = await limit.readUsage();
      expect(usage.oomKilled).toBe(false);
      expect(usage.peakBytes).toBeGreaterThan(64 * MIB);
    } finally {
      await limit.release();
    }
  });

  it("turns any name into a single safe folder name under the runner's parent", async () => {
    const limit = await createMemoryLimit(`../../escape ${process.pid}`, 64 * MIB);
    try {
      expect(limit.prefix.at(-1)).toBe(path.join(V1_PARENT, `______escape_${process.pid}`, "cgroup.procs"));
    } finally {
      await limit.release();
    }
    expect(existsSync(path.join(V1_PARENT, `______escape_${process.pid}`))).toBe(false);
  });
});

describe("the RSS watchdog (the cap on hosts with no memory cgroup)", () => {
  it("kills the process group past the cap and says so", async () => {
    const run = await runSandboxed({
      command: process.execPath,
      args: ["-e", allocateScript(1024, 10_000)],
      timeoutMs: 20_000,
      memoryCapBytes: 200 * MIB,
      watchdog: true,
      onMessage: () => {},
    });
    expect(run).toMatchObject({ watchdogKilled: true, timedOut: false, signal: "SIGKILL" });
  });

  it("leaves a process under the cap alone", async () => {
    const messages: unknown[] = [];
    const run = await runSandboxed({
      command: process.execPath,
      args: ["-e", allocateScript(32)],
      timeoutMs: 20_000,
      memoryCapBytes: 512 * MIB,
      watchdog: true,
      onMessage: (message) => messages.push(message),
    });
    expect(run).toMatchObject({ watchdogKilled: false, exitCode: 0 });
    expect(messages).toEqual([{ held: 2 }]);
  });
});

describe.runIf(hostHasCgroupV1)("removeAbandonedMemoryLimits", () => {
  it("removes an old empty evaluation cgroup, but not a young one nor one with a process inside", async () => {
    const abandoned = await createMemoryLimit(`eval-abandoned-${process.pid}`, 64 * MIB);
    const busy = await createMemoryLimit(`eval-busy-${process.pid}`, 256 * MIB);
    const holder = spawn(
      busy.prefix[0]!,
      [...busy.prefix.slice(1), process.execPath, "-e", "setTimeout(()=>{},5000)"],
      { stdio: "ignore" },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Young: the default minimum age protects a cgroup another runner has just made and not yet entered.
      await removeAbandonedMemoryLimits();
      expect(existsSync(path.join(V1_PARENT, `eval-abandoned-${process.pid}`))).toBe(true);

      await removeAbandonedMemoryLimits(0);
      expect(existsSync(path.join(V1_PARENT, `eval-abandoned-${process.pid}`))).toBe(false);
      expect(existsSync(path.join(V1_PARENT, `eval-busy-${process.pid}`))).toBe(true);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.on("close", resolve));
      await busy.release();
      await abandoned.release();
    }
  });
});
