/**
 * Streams the rows of a dataset file, one format per reader, each row with its 1-based line number and a lookup
 * by column (header name, 0-based index, or JSON key). Nothing is held in memory but the current row, so a
 * 67k-row training file costs no more than a dev set.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import { DatasetError } from "./dataset-error";
import type { FileSpec } from "./task-definition";

export type ColumnLookup = (column: string | number) => string | undefined;

export type RawRow = { line: number; blank: true } | { line: number; blank: false; get: ColumnLookup; width: string };

export async function* readRows(filePath: string, spec: FileSpec): AsyncGenerator<RawRow> {
  if (spec.format === "csv") {
    yield* readCsvRows(filePath, spec);
    return;
  }
  const input = createReadStream(filePath, { encoding: spec.encoding ?? "utf-8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | undefined;
  let line = 0;
  try {
    for await (const rawLine of lines) {
      line++;
      const text = line === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
      if (spec.header && header === undefined) {
        header = spec.format === "label-text" ? [] : splitTsv(text, spec);
        if (spec.format === "tsv") assertHeaderHasColumns(header, spec, line);
        continue;
      }
      if (text.trim() === "") {
        yield { line, blank: true };
        continue;
      }
      yield { line, blank: false, ...parseLine(text, line, spec, header) };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function assertHeaderHasColumns(header: string[], spec: FileSpec, line: number) {
  for (const [field, column] of Object.entries(spec.columns)) {
    if (typeof column === "string" && !header.includes(column)) {
      throw new DatasetError(
        "DATASET_ROW_INVALID",
        `${spec.path}:${line}: the header has no column "${column}" (for ${field}); it has ${header.map((name) => `"${name}"`).join(", ")}.`,
      );
    }
  }
}

function splitTsv(text: string, spec: FileSpec): string[] {
  if (!spec.splitOnLastTab) return text.split("\t");
  const tab = text.lastIndexOf("\t");
  return tab < 0 ? [text] : [text.slice(0, tab), text.slice(tab + 1)];
}

function byIndexOrHeader(fields: string[], header: string[] | undefined): ColumnLookup {
  return (column) => {
    const index = typeof column === "number" ? column : (header?.indexOf(column) ?? -1);
    return index < 0 ? undefined : fields[index];
  };
}

function parseLine(
  text: string,
  line: number,
  spec: FileSpec,
  header: string[] | undefined,
): { get: ColumnLookup; width: string } {
  switch (spec.format) {
    case "label-text": {
      const match = /^(\S+)\s+([\s\S]*)$/.exec(text);
      const fields = match ? [match[1]!, match[2]!] : [text];
      return {
        get: byIndexOrHeader(fields, undefined),
        width: match ? "a label and a text" : "no space after the label",
      };
    }
    case "jsonl": {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        throw new DatasetError(
          "DATASET_ROW_INVALID",
          `${spec.path}:${line}: not valid JSON (${(error as Error).message}).`,
        );
      }
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw new DatasetError("DATASET_ROW_INVALID", `${spec.path}:${line}: expected a JSON object per line.`);
      }
      const object = record as Record<string, unknown>;
      return { get: (key) => jsonText(object[String(key)]), width: `keys ${Object.keys(object).join(", ")}` };
    }
    default: {
      const fields = splitTsv(text, spec);
      return { get: byIndexOrHeader(fields, header), width: `${fields.length} column(s)` };
    }
  }
}

/** Labels may be written as strings, numbers or booleans (0/1, true); texts must be strings. */
function jsonText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

async function* readCsvRows(filePath: string, spec: FileSpec): AsyncGenerator<RawRow> {
  const parser = createReadStream(filePath, { encoding: spec.encoding ?? "utf-8" }).pipe(
    // Column counts are checked per row by the loader, which can then name the missing column.
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false, info: true }),
  );
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (spec.header && header === undefined) {
      header = record;
      assertHeaderHasColumns(header, spec, info.lines);
      continue;
    }
    // csv-parse reports the line a record ends on; a quoted field can span several lines.
    if (record.length === 1 && record[0]!.trim() === "") {
      yield { line: info.lines, blank: true };
      continue;
    }
    yield { line: info.lines, blank: false, get: byIndexOrHeader(record, header), width: `${record.length} column(s)` };
  }
}
