import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../../db/schema";
import { localArtifactPath, taskArtifactsFromRow, taskDefinitionFromRow } from "./job-context";

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
  competitionId: null,
  createdAt: new Date(),
  ...overrides,
});

const testFile = {
  path: "tiny/test.txt",
  format: "label-text",
  header: false,
  columns: { label: 0, sentence: 1 },
  labelMap: { "0": "negative", "1": "positive" },
};

describe("taskDefinitionFromRow", () => {
  it("rebuilds the definition from the row's columns and its dataset_files", () => {
    const task = taskDefinitionFromRow(
      taskRow({
        datasetFiles: { splits: { test: testFile }, source: { description: "Tiny", url: "https://example.com" } },
      }),
    );
    expect(task).toMatchObject({
      slug: "tiny",
      labels: ["negative", "positive"],
      splits: { test: { path: "tiny/test.txt" } },
    });
  });

  it("uses the shipped definition for a shipped task's row without dataset_files", () => {
    expect(taskDefinitionFromRow(taskRow({ slug: "sst2" })).splits.test.path).toBe("sst2/stsa.binary.test");
  });

  it("refuses a row whose files do not fit its definition", () => {
    const broken = taskRow({
      datasetFiles: {
        splits: { test: { ...testFile, labelMap: { "0": "neutral" } } },
        source: { description: "Tiny", url: "https://example.com" },
      },
    });
    expect(() => taskDefinitionFromRow(broken)).toThrow(
      expect.objectContaining({ name: "DatasetError", code: "TASK_DEFINITION_INVALID" }),
    );
  });
});

describe("taskArtifactsFromRow", () => {
  const source = { description: "Tiny", url: "https://example.com" };
  const artifact = { key: "tasks/t1/tiny/test.txt", sha256: "a".repeat(64), sizeBytes: 10 };

  it("reads the stored copies of an uploaded task's files, and none for a task read from the datasets folder", () => {
    expect(
      taskArtifactsFromRow(
        taskRow({ datasetFiles: { splits: { test: testFile }, source, artifacts: { "tiny/test.txt": artifact } } }),
      ),
    ).toEqual({ "tiny/test.txt": artifact });
    expect(taskArtifactsFromRow(taskRow({ datasetFiles: { splits: { test: testFile }, source } }))).toBeUndefined();
    expect(taskArtifactsFromRow(taskRow({ slug: "sst2" }))).toBeUndefined();
  });

  it("refuses stored copies without a proper sha256, as the organizers' problem", () => {
    const broken = taskRow({
      datasetFiles: {
        splits: { test: testFile },
        source,
        artifacts: { "tiny/test.txt": { ...artifact, sha256: "xyz" } },
      },
    });
    expect(() => taskArtifactsFromRow(broken)).toThrow(
      expect.objectContaining({ name: "DatasetError", code: "TASK_DEFINITION_INVALID" }),
    );
  });
});

describe("localArtifactPath", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "joulebench-storage-"));
    await mkdir(path.join(root, "team"), { recursive: true });
    await writeFile(path.join(root, "team", "model.zip"), "zip");
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("takes a bundle at an absolute path where it lies", () => {
    expect(localArtifactPath(path.join(root, "team", "model.zip"))).toBe(path.join(root, "team", "model.zip"));
  });

  it("says ARTIFACT_MISSING for a missing file", () => {
    expect(() => localArtifactPath(path.join(root, "team", "other.zip"))).toThrow(
      expect.objectContaining({ code: "ARTIFACT_MISSING" }),
    );
  });
});
