import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../../db/schema";
import { resolveArtifactPath, taskDefinitionFromRow } from "./job-context";

const taskRow = (overrides: Partial<Task>): Task => ({
  id: "task-1",
  slug: "tiny",
  title: "Tiny",
  kind: "text-classification",
  inputFields: ["sentence"],
  labels: ["negative", "positive"],
  metrics: ["accuracy"],
  datasetFiles: {},
  publicSplitFraction: 0.5,
  splitSeed: 0,
  outOfDomainSplit: null,
  createdAt: new Date(),
  ...overrides,
});

const testFile = { path: "tiny/test.txt", format: "label-text", header: false, columns: { label: 0, sentence: 1 }, labelMap: { "0": "negative", "1": "positive" } };

describe("taskDefinitionFromRow", () => {
  it("rebuilds the definition from the row's columns and its dataset_files", () => {
    const task = taskDefinitionFromRow(taskRow({ datasetFiles: { splits: { test: testFile }, source: { description: "Tiny", url: "https://example.com" } } }));
    expect(task).toMatchObject({ slug: "tiny", labels: ["negative", "positive"], splits: { test: { path: "tiny/test.txt" } } });
  });

  it("uses the shipped definition for a shipped task's row without dataset_files", () => {
    expect(taskDefinitionFromRow(taskRow({ slug: "sst2" })).splits.test.path).toBe("sst2/stsa.binary.test");
  });

  it("refuses a row whose files do not fit its definition", () => {
    const broken = taskRow({ datasetFiles: { splits: { test: { ...testFile, labelMap: { "0": "neutral" } } }, source: { description: "Tiny", url: "https://example.com" } } });
    expect(() => taskDefinitionFromRow(broken)).toThrow(expect.objectContaining({ name: "DatasetError", code: "TASK_DEFINITION_INVALID" }));
  });
});

describe("resolveArtifactPath", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "joulebench-storage-"));
    await mkdir(path.join(root, "team"), { recursive: true });
    await writeFile(path.join(root, "team", "model.zip"), "zip");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("finds an artifact under the storage folder, or at an absolute path", () => {
    expect(resolveArtifactPath("team/model.zip", root)).toBe(path.join(root, "team", "model.zip"));
    expect(resolveArtifactPath(path.join(root, "team", "model.zip"), "/elsewhere")).toBe(path.join(root, "team", "model.zip"));
  });

  it("says ARTIFACT_MISSING for a missing file and for a relative path leaving the folder", () => {
    const missing = expect.objectContaining({ code: "ARTIFACT_MISSING" });
    expect(() => resolveArtifactPath("team/other.zip", root)).toThrow(missing);
    expect(() => resolveArtifactPath("../etc/passwd", root)).toThrow(missing);
  });
});
