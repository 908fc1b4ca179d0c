/**
 * The staging area's rules, on real folders: one area per process named so that others can find it, nothing in
 * it ever readable by other users, the sandbox user reaching exactly its own attempt's copies (checked by reading
 * them as nobody through setpriv, where the tests run as root), and gone processes' areas removed whatever their age.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stageEvaluation, stageRuntime } from "../sandbox/stage-for-sandbox-user";
import { copyPrivately } from "./copy-privately";
import { processKey, processKeyOf } from "./process-identity";
import {
  openPrivateFolder,
  removeAbandonedStagingAreas,
  removeOwnStagingArea,
  STAGING_AREA_PREFIX,
  stagingArea,
} from "./staging-area";
import { goneProcessKey } from "../../test-support/runner/gone-process";

const isRoot = process.getuid?.() === 0;
let scratch: string;
let source: string;
const originalTmpdir = process.env.TMPDIR;

/** Every entry under `dir` whose mode gives other users any access. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const info = lstatSync(full);
    if (info.isSymbolicLink()) continue;
    if (info.mode & 0o007) found.push(`${full} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) found.push(...openToOthers(full));
  }
  return found;
}

/** Reads a file as the host's nobody with exactly these groups; returns its text or the error. */
function readAs(groups: { gid: number; extra: number[] }, file: string): string {
  const groupFlag = groups.extra.length > 0 ? `--groups=${groups.extra.join(",")}` : "--clear-groups";
  try {
    return execFileSync("setpriv", ["--reuid=65534", `--regid=${groups.gid}`, groupFlag, "--", "cat", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch {
    return "denied";
  }
}

beforeAll(async () => {
  // A temp folder of this test's own; nobody may walk it (as the system temp folder), not list it.
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-area-test-"));
  await chmod(scratch, 0o711);
  process.env.TMPDIR = scratch;
  source = path.join(scratch, "source");
  await mkdir(path.join(source, "bundle"), { recursive: true });
  await mkdir(path.join(source, "job"), { recursive: true });
  await writeFile(path.join(source, "bundle", "model.onnx"), "a team's private model", { mode: 0o644 });
  await writeFile(path.join(source, "job", "job.json"), '{"examples":[["hidden test input"]]}', { mode: 0o644 });
  await writeFile(path.join(source, "tool.sh"), "#!/bin/sh\n", { mode: 0o755 });
});

afterAll(async () => {
  await removeOwnStagingArea();
  process.env.TMPDIR = originalTmpdir;
  if (originalTmpdir === undefined) delete process.env.TMPDIR;
  await rm(scratch, { recursive: true, force: true });
});

describe("a process's staging area", () => {
  it("is one folder in the temp folder named by the process, closed to other users", async () => {
    const area = await stagingArea();
    expect(area.root).toBe(path.join(scratch, `${STAGING_AREA_PREFIX}${processKey()}`));
    expect(await stagingArea()).toBe(area);
    const info = await stat(area.root);
    if (isRoot) {
      expect(info.mode & 0o777).toBe(0o710);
      expect(info.gid).toBe(area.groupId);
      expect(area.groupId).toBeGreaterThanOrEqual(0x4000_0000);
    } else {
      expect(info.mode & 0o777).toBe(0o700);
    }
    const work = await openPrivateFolder("eval-");
    expect(path.dirname(work)).toBe(area.root);
    expect((await stat(work)).mode & 0o777).toBe(0o700);
  });

  it("is removed with everything in it when its process is done with it", async () => {
    const { root } = await stagingArea();
    await openPrivateFolder("eval-");
    await removeOwnStagingArea();
    expect(await readdir(scratch)).not.toContain(path.basename(root));
    expect((await stagingArea()).root).toBe(root); // made again on the next use
  });

  it("of a process that is gone is removed by the next one, whatever its age; live ones and other folders stay", async () => {
    const gone = path.join(scratch, `${STAGING_AREA_PREFIX}${await goneProcessKey()}`);
    await mkdir(path.join(gone, "sandbox-x", "job"), { recursive: true });
    await writeFile(path.join(gone, "sandbox-x", "job", "job.json"), "hidden test inputs");
    await utimes(gone, new Date(), new Date()); // young: age plays no part
    const live = path.join(scratch, `${STAGING_AREA_PREFIX}${processKeyOf(process.ppid)}`);
    await mkdir(live);
    const other = path.join(scratch, `${STAGING_AREA_PREFIX}not-a-process`);
    await mkdir(other);
    const own = (await stagingArea()).root;
    expect(await removeAbandonedStagingAreas()).toBe(1);
    const left = await readdir(scratch);
    expect(left).not.toContain(path.basename(gone));
    expect(left).toEqual(expect.arrayContaining([path.basename(live), path.basename(other), path.basename(own)]));
    await rm(live, { recursive: true });
    await rm(other, { recursive: true });
  });

  it("copies files owner-only, whatever their source's mode", async () => {
    const work = await openPrivateFolder("copy-");
    await copyPrivately(source, path.join(work, "copy"));
    expect((await stat(path.join(work, "copy", "bundle", "model.onnx"))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(work, "copy", "tool.sh"))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(work, "copy", "bundle"))).mode & 0o777).toBe(0o700);
    expect(openToOthers((await stagingArea()).root)).toEqual([]);
  });
});

describe.runIf(isRoot)("copies for the sandbox user (root runner)", () => {
  it("are readable through the attempt's own group only, never by other users or other attempts", async () => {
    const area = await stagingArea();
    const runtime = await stageRuntime(path.join(source, "job", "job.json"), { tool: path.join(source, "bundle") });
    const first = await stageEvaluation({ bundleDir: path.join(source, "bundle"), jobDir: path.join(source, "job") });
    const second = await stageEvaluation({ bundleDir: path.join(source, "bundle"), jobDir: path.join(source, "job") });
    expect(first.groupId).not.toBe(second.groupId);
    expect([first.groupId, second.groupId]).not.toContain(area.groupId);
    expect(runtime.groupId).toBe(area.groupId);
    expect(openToOthers(area.root)).toEqual([]);

    const jobFile = path.join(first.jobDir, "job.json");
    expect(readAs({ gid: first.groupId, extra: [area.groupId!] }, jobFile)).toContain("hidden test input");
    expect(readAs({ gid: first.groupId, extra: [area.groupId!] }, path.join(first.bundleDir, "model.onnx"))).toBe(
      "a team's private model",
    );
    expect(
      readAs({ gid: first.groupId, extra: [area.groupId!] }, path.join(runtime.packageDirs.tool!, "model.onnx")),
    ).toBe("a team's private model");
    // nobody as such, another attempt's child, and a child without the area's group are all refused.
    expect(readAs({ gid: 65534, extra: [] }, jobFile)).toBe("denied");
    expect(readAs({ gid: second.groupId, extra: [area.groupId!] }, jobFile)).toBe("denied");
    expect(readAs({ gid: first.groupId, extra: [] }, jobFile)).toBe("denied");
    expect(readAs({ gid: 65534, extra: [area.groupId!] }, path.join(runtime.packageDirs.tool!, "model.onnx"))).toBe(
      "a team's private model",
    );

    await first.cleanup();
    await second.cleanup();
    expect((await readdir(area.root)).filter((name) => name.startsWith("sandbox-"))).toEqual([]);
  });
});
