import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { affinityCores, claimCores, parseCpuList } from "./core-allocation";
import { EvaluationError } from "./evaluation-error";

const folders: string[] = [];
const lockDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "joulebench-core-locks-test-"));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("cores from the runner's affinity mask", () => {
  it("parses the kernel's CPU list format", () => {
    expect(parseCpuList("0-3,8,10-11\n")).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(() => parseCpuList("0-a")).toThrow(/not a CPU list/);
  });

  it("takes the cores of a runner started under taskset, not 0..n−1", () => {
    const status = path.join(lockDir(), "status");
    writeFileSync(status, "Name:\tnode\nCpus_allowed:\tf0\nCpus_allowed_list:\t4-7\n");
    expect(affinityCores(status)).toEqual([4, 5, 6, 7]);
  });

  it("reads this process's real mask (taskset agrees)", () => {
    const taskset = spawnSync("taskset", ["-cp", String(process.pid)], { encoding: "utf8" });
    const listed = /list: (.*)$/m.exec(taskset.stdout)?.[1];
    if (listed) expect(affinityCores()).toEqual(parseCpuList(listed));
  });
});

describe("claimCores", () => {
  it("claims the first cores of the mask and gives them back", () => {
    const dir = lockDir();
    const claim = claimCores([4, 5, 6], 2, dir);
    expect(claim.cores).toEqual([4, 5]);
    expect(readFileSync(path.join(dir, "core-4.lock"), "utf8")).toBe(String(process.pid));
    claim.release();
    expect(existsSync(path.join(dir, "core-4.lock"))).toBe(false);
  });

  it("refuses an evaluation whose cores overlap a running one, with CORES_BUSY, and keeps nothing it took", () => {
    const dir = lockDir();
    const first = claimCores([1, 2], 2, dir);
    let refused: unknown;
    try {
      claimCores([0, 1], 2, dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(EvaluationError);
    expect((refused as EvaluationError).code).toBe("CORES_BUSY");
    expect((refused as EvaluationError).message).toMatch(/Core 1 is in use by another evaluation/);
    expect(existsSync(path.join(dir, "core-0.lock"))).toBe(false); // core 0 was given back
    first.release();
    claimCores([0, 1], 2, dir).release(); // free again
  });

  it("takes over a lock whose runner died", () => {
    const dir = lockDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    }).stdout;
    writeFileSync(path.join(dir, "core-3.lock"), dead);
    const claim = claimCores([3], 1, dir);
    expect(readFileSync(path.join(dir, "core-3.lock"), "utf8")).toBe(String(process.pid));
    claim.release();
  });

  it("refuses a profile that needs more cores than the mask holds", () => {
    expect(() => claimCores([0], 2, lockDir())).toThrow(/needs 2 cores; this runner may use 1/);
  });
});
