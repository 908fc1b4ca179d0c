import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_TRAINING_FILES } from "./demo-data";
import { measureDatasetFile } from "../../lib/tasks/dataset-file-check";
import { datasetsManifest, isMeasured, parseDatasetsManifest, pinnedPath } from "../../lib/tasks/datasets-manifest";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { listTaskDefinitions } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";

const manifest = datasetsManifest();

describe("the datasets manifest", () => {
  it("lists every file a task or the baselines kit reads, each measured", () => {
    const read = new Set<string>(KIT_TRAINING_FILES);
    for (const task of listTaskDefinitions()) for (const { spec } of splitFiles(task)) read.add(spec.path);
    const listed = new Set(manifest.files.map((file) => file.path));
    expect([...read].filter((file) => !listed.has(file))).toEqual([]);
    expect(manifest.files.filter((file) => !isMeasured(file)).map((file) => file.path)).toEqual([]);
  });

  it("records the figures of the files as they are in the datasets root", async () => {
    const root = resolveDatasetsRoot();
    for (const file of manifest.files) {
      const figures = await measureDatasetFile(path.join(root, ...file.path.split("/")), file);
      expect({ path: file.path, ...figures }).toEqual({
        path: file.path,
        bytes: file.bytes,
        rows: file.rows,
        sha256: file.sha256,
      });
    }
  });

  it("pins each file at owner/name/commit/path, as raw.githubusercontent.com serves it", () => {
    const imdb = manifest.files.find((file) => file.path === "uci_sentiment_sentences/imdb_labelled.txt")!;
    expect(pinnedPath(imdb)).toEqual([
      "kvrao",
      "sentiment_analysis",
      "18d0a14b296865143906f4f307651fc04f601f3a",
      "sentiment labelled sentences",
      "imdb_labelled.txt",
    ]);
  });

  it("refuses an entry without a dataset, a short commit or a path listed twice", () => {
    const entry = manifest.files[0]!;
    expect(() => parseDatasetsManifest({ ...manifest, files: [entry, { ...entry, dataset: "nowhere" }] })).toThrow(
      `files: ${entry.path} is listed twice; files: ${entry.path}: no dataset "nowhere"`,
    );
    const shortCommit = { ...entry, source: { ...entry.source, commit: "7917668a" } };
    expect(() => parseDatasetsManifest({ ...manifest, files: [shortCommit] })).toThrow(
      "files.0.source.commit: must be a full 40-hex commit",
    );
  });

  it("fetches into a folder git ignores, so no dataset is ever committed", () => {
    for (const file of manifest.files) {
      const ignored = spawnSync("git", ["check-ignore", "-q", path.join(".data/datasets", file.path)]);
      expect({ file: file.path, ignored: ignored.status === 0 }).toEqual({ file: file.path, ignored: true });
    }
  });
});
