import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError } from "./dataset-error";
import { resolveDatasetsRoot } from "./datasets-root";
import { loadExamples } from "./load-examples";
import { getTaskDefinition } from "./shipped-tasks";
import { fileSpecSchema, splitFiles } from "./task-definition";

const SHARED = path.resolve(process.cwd(), "../shared/datasets");

async function loadTest(slug: string) {
  const task = getTaskDefinition(slug);
  const file = splitFiles(task).find((entry) => entry.split === "test")!;
  const loaded = await loadExamples(file.spec, resolveDatasetsRoot({ env: {} }), task);
  const counts: Record<string, number> = {};
  for (const label of loaded.labels) counts[task.labels[label]!] = (counts[task.labels[label]!] ?? 0) + 1;
  return { task, loaded, counts };
}

describe.skipIf(!existsSync(SHARED))("BoolQ, CB and AG News on the real files (counts from docs/datasets.md)", () => {
  it.each([
    ["boolq", 3270, { yes: 2033, no: 1237 }],
    ["cb", 56, { contradiction: 28, entailment: 23, neutral: 5 }],
    ["ag-news", 7600, { world: 1900, sports: 1900, business: 1900, sci_tech: 1900 }],
  ] as const)("%s: %i rows, %o", async (slug, rows, balance) => {
    const { task, loaded, counts } = await loadTest(slug);
    expect(loaded.inputs).toHaveLength(rows);
    expect(counts).toEqual(balance);
    expect(loaded.skipped).toEqual([]);
    expect(
      loaded.inputs.every(
        (fields) => fields.length === task.inputFields.length && fields.every((text) => text.length > 0),
      ),
    ).toBe(true);
  });

  it("splits BoolQ's query into its passage and its question, the question being the last line", async () => {
    const { loaded } = await loadTest("boolq");
    const [passage, question] = loaded.inputs[0]!;
    expect(passage).toMatch(/^All biomass goes through at least some of these steps/);
    expect(passage).not.toMatch(/Question:/);
    expect(question).toBe("does ethanol take more energy make that produces?");
    expect(loaded.labels[0]).toBe(0);
    // One passage quotes "Question:" itself: the question is still the query's last line.
    expect(loaded.inputs[2417]![1]).toBe("is the sea snake the most venomous snake?");
  });

  it("reads AG News' quoted CSV by header name, with its literal backslashes kept byte for byte", async () => {
    const { task, loaded } = await loadTest("ag-news");
    expect(loaded.inputs[0]).toEqual([
      "Fears for T N pension after talks",
      "Unions representing workers at Turner   Newall say they are 'disappointed' after talks with stricken parent firm Federal Mogul.",
    ]);
    expect(task.labels[loaded.labels[0]!]).toBe("business");
    expect(loaded.inputs[1]![1]).toContain("A second\\team of rocketeers");
  });

  it("scores CB as SuperGLUE does: its headline metric is the mean of macro-F1 and accuracy", () => {
    expect(getTaskDefinition("cb").metrics[0]).toBe("f1_accuracy_mean");
    expect(getTaskDefinition("cb").labels).toHaveLength(3);
  });
});

describe("fields held inside another field (fieldPatterns)", () => {
  const root = mkdtempSync(path.join(tmpdir(), "joulebench-field-patterns-"));
  const task = {
    inputFields: ["passage", "question"],
    labels: ["no", "yes"],
    source: { description: "toy", url: "https://example.org/toy" },
  };
  const spec = fileSpecSchema.parse({
    path: "q.jsonl",
    format: "jsonl",
    header: false,
    columns: { passage: "query", question: "query", label: "gold" },
    fieldPatterns: {
      passage: "^Passage: ([\\s\\S]*)\\nQuestion: [\\s\\S]*$",
      question: "^[\\s\\S]*\\nQuestion: ([\\s\\S]*)$",
    },
    labelMap: { "0": "no", "1": "yes" },
  });

  it("takes each field from its pattern's first group", async () => {
    writeFileSync(
      path.join(root, "q.jsonl"),
      '{"query": "Passage: Sky is blue.\\nQuestion: is the sky blue?", "gold": 1}\n',
    );
    expect((await loadExamples(spec, root, task)).inputs).toEqual([["Sky is blue.", "is the sky blue?"]]);
  });

  it("names the file and line of a row whose text does not match", async () => {
    writeFileSync(
      path.join(root, "q.jsonl"),
      '{"query": "Passage: a\\nQuestion: b?", "gold": 1}\n{"query": "no question here", "gold": 0}\n',
    );
    const error = await loadExamples(spec, root, task).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).code).toBe("DATASET_ROW_INVALID");
    expect((error as DatasetError).message).toBe(
      'q.jsonl:2: passage does not match the pattern "^Passage: ([\\\\s\\\\S]*)\\\\nQuestion: [\\\\s\\\\S]*$".',
    );
  });

  it("refuses a pattern without a capture group, or for a field the file does not map", () => {
    const base = {
      path: "q.jsonl",
      format: "jsonl",
      header: false,
      columns: { passage: "query", label: "gold" },
      labelMap: { "0": "no" },
    };
    expect(fileSpecSchema.safeParse({ ...base, fieldPatterns: { passage: "^Passage: .*$" } }).success).toBe(false);
    expect(fileSpecSchema.safeParse({ ...base, fieldPatterns: { question: "^(.*)$" } }).success).toBe(false);
    expect(fileSpecSchema.safeParse({ ...base, fieldPatterns: { passage: "^(.*)$" } }).success).toBe(true);
  });
});
