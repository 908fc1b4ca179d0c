import { describe, expect, it } from "vitest";
import { DatasetError } from "./dataset-error";
import { parseTaskDefinition, splitFiles } from "./task-definition";

const validTask = () => ({
  slug: "toy-pairs",
  title: "Toy pairs",
  inputFields: ["premise", "hypothesis"],
  labels: ["yes", "no"],
  metrics: ["mcc", "accuracy"],
  splits: {
    test: {
      path: "toy/test.jsonl",
      format: "jsonl",
      header: false,
      columns: { premise: "p", hypothesis: "h", label: "y" },
      labelMap: { "1": "yes", "0": "no" },
    },
    dev: {
      path: "toy/dev.tsv",
      format: "tsv",
      header: true,
      columns: { premise: "p", hypothesis: 1, label: "y" },
      labelMap: { yes: "yes", no: "no" },
    },
    ood: [
      {
        name: "shifted",
        path: "toy/ood.txt",
        format: "tsv",
        header: false,
        splitOnLastTab: false,
        columns: { premise: 0, hypothesis: 1, label: 2 },
        labelMap: { "1": "yes" },
      },
    ],
  },
  source: { description: "made up", url: "https://example.org/toy" },
});

function problems(mutate: (task: ReturnType<typeof validTask>) => unknown): string {
  const task = validTask();
  const mutated = mutate(task) ?? task;
  try {
    parseTaskDefinition(mutated);
  } catch (error) {
    if (error instanceof DatasetError && error.code === "TASK_DEFINITION_INVALID") return error.message;
    throw error;
  }
  throw new Error("expected the definition to be refused");
}

describe("parseTaskDefinition", () => {
  it("accepts a well-formed definition and lists its splits, headline metric first", () => {
    const task = parseTaskDefinition(validTask());
    expect(task.metrics[0]).toBe("mcc");
    expect(splitFiles(task).map((file) => file.split)).toEqual(["test", "dev", "ood:shifted"]);
  });

  it("refuses a labelMap value that is not a task label, naming the split", () => {
    expect(problems((task) => void (task.splits.dev.labelMap = { yes: "yes", no: "nope" }))).toMatch(
      /splits\.dev\.labelMap\.no: "nope" is not one of the task's labels/,
    );
  });

  it("refuses columns that do not cover exactly the input fields and the label", () => {
    expect(problems((task) => void (task.splits.test.columns = { premise: "p", label: "y" } as never))).toMatch(
      /splits\.test\.columns: must map exactly hypothesis, label, premise \(found label, premise\)/,
    );
    expect(problems((task) => void ((task.splits.test.columns as Record<string, string>).extra = "x"))).toMatch(
      /must map exactly/,
    );
  });

  it("refuses column references the format cannot resolve", () => {
    expect(problems((task) => void (task.splits.test.columns.premise = 0 as never))).toMatch(
      /splits\.test\.columns\.premise: jsonl columns are JSON keys/,
    );
    expect(problems((task) => void (task.splits.ood[0]!.columns.premise = "p" as never))).toMatch(
      /without a header, columns are 0-based indices/,
    );
    expect(problems((task) => void (task.splits.test.format = "label-text"))).toMatch(/label-text columns are 0/);
  });

  it("refuses splitOnLastTab outside tsv and with a third column", () => {
    expect(problems((task) => void Object.assign(task.splits.test, { splitOnLastTab: true }))).toMatch(
      /splitOnLastTab applies to tsv files only/,
    );
    expect(problems((task) => void (task.splits.ood[0]!.splitOnLastTab = true))).toMatch(/columns 0 and 1 only/);
  });

  it.each(["/etc/passwd", "../outside.tsv", "toy/../../x", "toy\\dev.tsv", "C:data.tsv"])(
    "refuses the path %s",
    (path) => {
      expect(problems((task) => void (task.splits.dev.path = path))).toMatch(
        /splits\.dev\.path: must be a forward-slash path relative/,
      );
    },
  );

  it("refuses duplicate labels or metrics, no metric, a bad slug, duplicate OOD names", () => {
    expect(problems((task) => void (task.labels = ["yes", "yes"]))).toMatch(/labels: must be distinct/);
    expect(problems((task) => void (task.metrics = []))).toMatch(/metrics/);
    expect(problems((task) => void (task.metrics = ["accuracy", "accuracy"]))).toMatch(/metrics: must be distinct/);
    expect(problems((task) => void (task.metrics = ["f1"]))).toMatch(/metrics\.0/);
    expect(problems((task) => void (task.slug = "Toy Pairs"))).toMatch(/slug: lower-case words/);
    expect(problems((task) => void task.splits.ood.push({ ...task.splits.ood[0]! }))).toMatch(
      /ood: names must be distinct/,
    );
  });
});
