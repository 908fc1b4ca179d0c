import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError } from "./dataset-error";
import { resolveDatasetsRoot } from "./datasets-root";
import { loadExamples, type LoadedExamples } from "./load-examples";
import { getTaskDefinition } from "./shipped-tasks";
import { fileSpecSchema, splitFiles, type FileSpec } from "./task-definition";

const SHARED = path.resolve(process.cwd(), "../shared/datasets");

function classCounts(task: { labels: string[] }, loaded: LoadedExamples): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of loaded.labels) counts[task.labels[label]!] = (counts[task.labels[label]!] ?? 0) + 1;
  return counts;
}

describe.skipIf(!existsSync(SHARED))("loadExamples on the real files (counts from shared/SOURCES.md)", () => {
  const root = resolveDatasetsRoot({ env: {} });
  const load = async (slug: string, split: string) => {
    const task = getTaskDefinition(slug);
    const file = splitFiles(task).find((entry) => entry.split === split)!;
    return { task, loaded: await loadExamples(file.spec, root, task) };
  };

  it.each([
    ["sst2", "test", 1821, { positive: 909, negative: 912 }],
    ["sst2", "dev", 872, { positive: 444, negative: 428 }],
    ["sst2", "ood:amazon", 1000, { positive: 500, negative: 500 }],
    ["sst2", "ood:imdb", 1000, { positive: 500, negative: 500 }],
    ["sst2", "ood:yelp", 1000, { positive: 500, negative: 500 }],
    ["rte", "test", 277, { entailment: 146, not_entailment: 131 }],
    ["sms-spam", "test", 5574, { ham: 4827, spam: 747 }],
  ] as const)("%s %s: %i rows, %o", async (slug, split, rows, balance) => {
    const { task, loaded } = await load(slug, split);
    expect(loaded.inputs).toHaveLength(rows);
    expect(loaded.labels).toHaveLength(rows);
    expect(classCounts(task, loaded)).toEqual(balance);
    expect(loaded.skipped).toEqual([]);
    expect(
      loaded.inputs.every(
        (fields) => fields.length === task.inputFields.length && fields.every((text) => text.length > 0),
      ),
    ).toBe(true);
  });

  it("reads the texts as written, trimmed: label-text, header TSV, last-tab TSV, JSONL pairs", async () => {
    const test = await load("sst2", "test");
    expect(test.loaded.inputs[0]).toEqual(["no movement , no yuks , not much of anything ."]);
    expect(test.loaded.labels[0]).toBe(0);
    const dev = await load("sst2", "dev");
    expect(dev.loaded.inputs[0]).toEqual(["it 's a charming and often affecting journey ."]);
    expect(dev.loaded.labels[0]).toBe(1);
    const imdb = await load("sst2", "ood:imdb");
    expect(imdb.loaded.inputs[0]).toEqual([
      "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.",
    ]);
    const rte = await load("rte", "test");
    expect(rte.loaded.inputs[0]).toEqual([
      "Dana Reeve, the widow of the actor Christopher Reeve, has died of lung cancer at age 44, according to the Christopher Reeve Foundation.",
      "Christopher Reeve had an accident.",
    ]);
    expect(rte.task.labels[rte.loaded.labels[0]!]).toBe("not_entailment");
  });

  it("does not take the SMS file's header line (Label\\tSMS) for a message", async () => {
    const { loaded } = await load("sms-spam", "test");
    expect(loaded.inputs[0]).toEqual([
      "Go until jurong point, crazy.. Available only in bugis n great world la e buffet... Cine there got amore wat...",
    ]);
    expect(loaded.inputs.some(([text]) => text === "SMS")).toBe(false);
  });
});

describe("loadExamples on small files", () => {
  const root = mkdtempSync(path.join(tmpdir(), "joulebench-load-examples-"));
  const task = {
    inputFields: ["sentence"],
    labels: ["neg", "pos"],
    source: { description: "toy", url: "https://example.org/toy" },
  };
  const pairTask = { ...task, inputFields: ["premise", "hypothesis"] };
  const spec = (fields: Record<string, unknown>): FileSpec =>
    fileSpecSchema.parse({
      header: false,
      labelMap: { "0": "neg", "1": "pos" },
      columns: { sentence: 0, label: 1 },
      ...fields,
    });
  const write = (name: string, text: string) => writeFileSync(path.join(root, name), text);

  async function failure(promise: Promise<unknown>): Promise<DatasetError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DatasetError) return error;
      throw error;
    }
    throw new Error("expected loading to fail");
  }

  it("names the file and line of a label the labelMap does not know", async () => {
    write("unknown.tsv", "good\t1\nbad\t0\nmeh\t2\n");
    const error = await failure(loadExamples(spec({ path: "unknown.tsv", format: "tsv" }), root, task));
    expect(error.code).toBe("UNKNOWN_LABEL");
    expect(error.message).toBe('unknown.tsv:3: label "2" is not in the labelMap ("0", "1").');
  });

  it("skips unknown labels, listing them, when the spec says so", async () => {
    write("unknown.tsv", "good\t1\nbad\t0\nmeh\t2\n");
    const loaded = await loadExamples(spec({ path: "unknown.tsv", format: "tsv", onUnknownLabel: "skip" }), root, task);
    expect(loaded).toEqual({
      file: "unknown.tsv",
      inputs: [["good"], ["bad"]],
      labels: [1, 0],
      skipped: [{ line: 3, reason: 'label "2" is not in the labelMap ("0", "1")' }],
    });
  });

  it("names a missing column", async () => {
    write("short.tsv", "good\t1\nno label here\n");
    const error = await failure(loadExamples(spec({ path: "short.tsv", format: "tsv" }), root, task));
    expect(error.code).toBe("DATASET_ROW_INVALID");
    expect(error.message).toBe("short.tsv:2: no value for label (column 1); the row has 1 column(s).");
  });

  it("names a header that lacks a named column", async () => {
    write("header.tsv", "text\tlabel\ngood\t1\n");
    const error = await failure(
      loadExamples(
        spec({ path: "header.tsv", format: "tsv", header: true, columns: { sentence: "sentence", label: "label" } }),
        root,
        task,
      ),
    );
    expect(error.message).toBe(
      'header.tsv:1: the header has no column "sentence" (for sentence); it has "text", "label".',
    );
  });

  it("names a line that is not JSON, or not an object", async () => {
    const pairs = { format: "jsonl", columns: { premise: "p", hypothesis: "h", label: "y" } };
    write("bad.jsonl", '{"p": "a", "h": "b", "y": 1}\n{"p": "a", "h": \n');
    expect((await failure(loadExamples(spec({ path: "bad.jsonl", ...pairs }), root, pairTask))).message).toMatch(
      /^bad\.jsonl:2: not valid JSON/,
    );
    write("array.jsonl", '["a", "b", 1]\n');
    expect((await failure(loadExamples(spec({ path: "array.jsonl", ...pairs }), root, pairTask))).message).toBe(
      "array.jsonl:1: expected a JSON object per line.",
    );
  });

  it("reads JSONL labels written as numbers and booleans", async () => {
    write("typed.jsonl", '{"p": "a", "h": "b", "y": 1}\n{"p": "c", "h": "d", "y": false}\n');
    const loaded = await loadExamples(
      spec({
        path: "typed.jsonl",
        format: "jsonl",
        columns: { premise: "p", hypothesis: "h", label: "y" },
        labelMap: { "1": "pos", false: "neg" },
      }),
      root,
      pairTask,
    );
    expect(loaded.inputs).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(loaded.labels).toEqual([1, 0]);
  });

  it("splits on the last tab only when told to, and survives a BOM, CRLF and blank lines", async () => {
    write("tabs.tsv", "\uFEFFa\tb  \t1\r\n\r\nc\t0\r\n");
    const loaded = await loadExamples(spec({ path: "tabs.tsv", format: "tsv", splitOnLastTab: true }), root, task);
    expect(loaded.inputs).toEqual([["a\tb"], ["c"]]);
    expect(loaded.labels).toEqual([1, 0]);
    expect(loaded.skipped).toEqual([{ line: 2, reason: "blank line" }]);
    const plain = await failure(loadExamples(spec({ path: "tabs.tsv", format: "tsv" }), root, task));
    expect(plain.message).toBe('tabs.tsv:1: label "b" is not in the labelMap ("0", "1").');
  });

  it("reads label-text lines and refuses one without a text", async () => {
    write("label-text.txt", "1 a fine film .\n0 dull\n1\n");
    const error = await failure(
      loadExamples(
        spec({ path: "label-text.txt", format: "label-text", columns: { label: 0, sentence: 1 } }),
        root,
        task,
      ),
    );
    expect(error.message).toBe(
      "label-text.txt:3: no value for sentence (column 1); the row has no space after the label.",
    );
  });

  it("reads CSV with quoted commas and line breaks, by header name", async () => {
    write("quoted.csv", 'Class,Text\n1,"fine, really"\n0,"two\nlines"\n');
    const loaded = await loadExamples(
      spec({ path: "quoted.csv", format: "csv", header: true, columns: { sentence: "Text", label: "Class" } }),
      root,
      task,
    );
    expect(loaded.inputs).toEqual([["fine, really"], ["two\nlines"]]);
    expect(loaded.labels).toEqual([1, 0]);
  });

  it("says where to get a missing file", async () => {
    const missing = spec({
      path: "nowhere/file.tsv",
      format: "tsv",
      origin: { url: "https://github.com/example/data/blob/abc123/file.tsv" },
    });
    const error = await failure(loadExamples(missing, root, task));
    expect(error.code).toBe("DATASET_FILE_MISSING");
    expect(error.message).toContain("https://github.com/example/data/blob/abc123/file.tsv");
    expect(error.message).toContain("JOULEBENCH_DATASETS_DIR");
    const withoutOrigin = await failure(loadExamples(spec({ path: "nowhere/file.tsv", format: "tsv" }), root, task));
    expect(withoutOrigin.message).toContain("https://example.org/toy");
  });
});
