/**
 * Loads one split of a task: the input texts of each example and the index of its label in the task's labels.
 * Rows are streamed (see row-readers.ts). A row that cannot be read, or whose label the definition does not map,
 * stops loading with the file and line, so a changed file is noticed rather than silently scored on fewer rows;
 * only a definition saying onUnknownLabel: "skip" turns unknown labels into entries of `skipped`.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { DatasetError } from "./dataset-error";
import { readRows } from "./row-readers";
import type { FileSpec, TaskDefinition } from "./task-definition";

export interface LoadedExamples {
  /** The file, relative to the datasets root. */
  file: string;
  /** One array per example, in the order of the task's inputFields. Surrounding whitespace is trimmed. */
  inputs: string[][];
  /** Index into the task's labels, one per example. */
  labels: number[];
  /** Rows left out, with why: blank lines, and unknown labels when the spec says "skip". */
  skipped: { line: number; reason: string }[];
}

export type TaskForLoading = Pick<TaskDefinition, "inputFields" | "labels" | "source">;

export async function loadExamples(
  spec: FileSpec,
  datasetsRoot: string,
  task: TaskForLoading,
): Promise<LoadedExamples> {
  const filePath = path.join(datasetsRoot, ...spec.path.split("/"));
  await assertFileExists(filePath, spec, datasetsRoot, task);
  const labelIndex = new Map(Object.entries(spec.labelMap).map(([raw, label]) => [raw, task.labels.indexOf(label)]));
  const result: LoadedExamples = { file: spec.path, inputs: [], labels: [], skipped: [] };
  const patterns = new Map(
    Object.entries(spec.fieldPatterns ?? {}).map(([field, pattern]) => [field, new RegExp(pattern)]),
  );

  for await (const row of readRows(filePath, spec)) {
    if (row.blank) {
      result.skipped.push({ line: row.line, reason: "blank line" });
      continue;
    }
    const cell = (field: string) => {
      const column = spec.columns[field]!;
      const value = row.get(column);
      if (value === undefined) {
        throw new DatasetError(
          "DATASET_ROW_INVALID",
          `${spec.path}:${row.line}: no value for ${field} (column ${JSON.stringify(column)}); the row has ${row.width}.`,
        );
      }
      const pattern = patterns.get(field);
      if (!pattern) return value.trim();
      const match = pattern.exec(value);
      if (!match || match[1] === undefined) {
        throw new DatasetError(
          "DATASET_ROW_INVALID",
          `${spec.path}:${row.line}: ${field} does not match the pattern ${JSON.stringify(pattern.source)}.`,
        );
      }
      return match[1].trim();
    };
    const rawLabel = cell("label");
    const label = labelIndex.get(rawLabel);
    if (label === undefined || label < 0) {
      const known = Object.keys(spec.labelMap)
        .map((raw) => JSON.stringify(raw))
        .join(", ");
      const reason = `label ${JSON.stringify(rawLabel)} is not in the labelMap (${known})`;
      if (spec.onUnknownLabel === "skip") {
        result.skipped.push({ line: row.line, reason });
        continue;
      }
      throw new DatasetError("UNKNOWN_LABEL", `${spec.path}:${row.line}: ${reason}.`);
    }
    result.inputs.push(task.inputFields.map(cell));
    result.labels.push(label);
  }
  return result;
}

async function assertFileExists(filePath: string, spec: FileSpec, datasetsRoot: string, task: TaskForLoading) {
  const found = await stat(filePath).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (found) return;
  const source = spec.origin?.url ?? task.source.url;
  throw new DatasetError(
    "DATASET_FILE_MISSING",
    `Dataset file ${spec.path} is not in ${datasetsRoot}. Download it from ${source} to ${filePath}, or set ` +
      `JOULEBENCH_DATASETS_DIR to a folder that holds it (docs/datasets.md lists every file and its source).`,
  );
}
