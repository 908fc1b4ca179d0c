import { mkdtempSync } from "node:fs";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { LocalArtifactStore } from "../../lib/storage/local-store";
import type { TaskDefinition } from "../../lib/tasks/task-definition";
import { goneProcessKey } from "../../test-support/runner/gone-process";
import { processKey, processKeyOf } from "../staging/process-identity";
import {
  fetchSubmissionBundle,
  fetchTaskData,
  openJobFolder,
  removeAbandonedJobFolders,
  removeOwnJobFolders,
} from "./fetch-artifacts";

const root = mkdtempSync(path.join(os.tmpdir(), "joulebench-fetch-"));
afterAll(() => rm(root, { recursive: true, force: true }));

const labelText = (file: string) => ({
  path: file,
  format: "label-text" as const,
  header: false,
  columns: { label: 0, sentence: 1 },
  labelMap: { "0": "negative", "1": "positive" },
});

describe("job folders", () => {
  it("start empty and readable by the runner's user only (they will hold hidden labels)", async () => {
    const cache = path.join(root, "cache-a");
    const first = await openJobFolder(cache, "eval-1", 1);
    await writeFile(path.join(first, "left-over"), "x");
    const again = await openJobFolder(cache, "eval-1", 1);
    expect(again).toBe(first);
    expect(await readdir(again)).toEqual([]);
    expect((await stat(again)).mode & 0o777).toBe(0o700);
  });

  it("sit in a folder of their runner process, and only a gone process's folders are removed, whatever their age", async () => {
    const cache = path.join(root, "cache-b");
    const own = await openJobFolder(cache, "eval-own", 1);
    expect(path.basename(path.dirname(own))).toBe(processKey());
    const gone = await goneProcessKey();
    await mkdir(path.join(cache, gone, "eval-dead-1"), { recursive: true });
    await mkdir(path.join(cache, "eval-old-layout-1"), { recursive: true });
    const live = processKeyOf(process.ppid)!;
    await mkdir(path.join(cache, live, "eval-measuring-1"), { recursive: true });
    await writeFile(path.join(cache, "note.txt"), "not a job folder");
    expect(await removeAbandonedJobFolders(cache)).toBe(2);
    expect((await readdir(cache)).sort()).toEqual([live, "note.txt", processKey()].sort());
    await removeOwnJobFolders(cache);
    expect((await readdir(cache)).sort()).toEqual([live, "note.txt"].sort());
    expect(await removeAbandonedJobFolders(path.join(root, "no-such-cache"))).toBe(0);
  });
});

describe("fetching through the store", () => {
  const store = new LocalArtifactStore(path.join(root, "storage"));

  it("copies a bundle into the job folder after checking its sha256", async () => {
    const stored = await store.put("submissions/s1/bundle", Readable.from([Buffer.from("zip bytes")]));
    const job = await openJobFolder(path.join(root, "cache-c"), "eval-2", 1);
    const bundlePath = await fetchSubmissionBundle(store, job, { artifactPath: stored.key, sha256: stored.sha256 });
    expect(await readFile(bundlePath, "utf8")).toBe("zip bytes");
    await expect(
      fetchSubmissionBundle(store, job, { artifactPath: stored.key, sha256: "0".repeat(64) }),
    ).rejects.toMatchObject({
      name: "EvaluationError",
      code: "CHECKSUM_MISMATCH",
    });
    await expect(
      fetchSubmissionBundle(store, job, { artifactPath: "../outside", sha256: stored.sha256 }),
    ).rejects.toMatchObject({ code: "ARTIFACT_MISSING" });
  });

  it("lays task files out under their split paths, fetching a file two splits share once", async () => {
    const test = await store.put("tasks/t1/tiny/test.txt", Readable.from([Buffer.from("1 good\n")]));
    const task = {
      slug: "tiny",
      splits: { test: labelText("tiny/test.txt"), dev: labelText("tiny/test.txt") },
    } as Pick<TaskDefinition, "slug" | "splits">;
    const job = await openJobFolder(path.join(root, "cache-d"), "eval-3", 1);
    const datasetsRoot = await fetchTaskData(store, job, task, { "tiny/test.txt": test });
    expect(await readFile(path.join(datasetsRoot, "tiny", "test.txt"), "utf8")).toBe("1 good\n");
    expect(await readdir(path.join(datasetsRoot, "tiny"))).toEqual(["test.txt"]);
  });

  it("says ARTIFACT_MISSING when a split's file was never stored", async () => {
    const task = {
      slug: "tiny",
      splits: { test: labelText("tiny/test.txt"), ood: [{ name: "reviews", ...labelText("tiny/reviews.txt") }] },
    } as Pick<TaskDefinition, "slug" | "splits">;
    const test = await store.put("tasks/t2/tiny/test.txt", Readable.from([Buffer.from("1 good\n")]));
    const job = await openJobFolder(path.join(root, "cache-e"), "eval-4", 1);
    await expect(fetchTaskData(store, job, task, { "tiny/test.txt": test })).rejects.toMatchObject({
      code: "ARTIFACT_MISSING",
      message: "The ood:reviews data of task tiny was never stored; the organizers must upload the task's files again.",
    });
  });
});
