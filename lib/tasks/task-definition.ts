/**
 * A text-classification task as shipped in lib/tasks/definitions/*.json: its input fields, labels, metrics and
 * the dataset files of each split, described as the files are (format, header, columns, raw label values), so
 * the public files are used byte for byte, without a conversion step.
 */
import { z } from "zod";
import { DatasetError } from "./dataset-error";

/** The first metric of a task is its headline (the leaderboard's sort key). */
export const TASK_METRICS = ["accuracy", "macro_f1", "mcc", "f1_accuracy_mean"] as const;
export type TaskMetric = (typeof TASK_METRICS)[number];

const relativePath = z
  .string()
  .min(1)
  .refine(
    (value) =>
      !value.startsWith("/") && !/^[A-Za-z]:/.test(value) && !value.includes("\\") && !value.split("/").includes(".."),
    "must be a forward-slash path relative to the datasets root, without ..",
  );

const originSchema = z.object({
  /** Where a user without ../shared downloads this exact file (repository @ commit / path). */
  url: z.url(),
  citation: z.string().optional(),
  terms: z.string().optional(),
});

const fileSpecShape = z.object({
  path: relativePath,
  /** tsv: tab-separated, no quoting (the GLUE convention). csv: RFC 4180 via csv-parse. jsonl: one JSON object
   * per line. label-text: "<label> <text>" per line, i.e. column 0 = first token, column 1 = the rest. */
  format: z.enum(["tsv", "csv", "jsonl", "label-text"]),
  header: z.boolean(),
  encoding: z.enum(["utf-8", "latin1", "utf-16le"]).optional(),
  /** Each input field and "label" -> a header name, a 0-based column index, or a JSON key. */
  columns: z.record(z.string(), z.union([z.string().min(1), z.number().int().nonnegative()])),
  /** Raw label value, as written in the file -> task label. */
  labelMap: z
    .record(z.string(), z.string())
    .refine((map) => Object.keys(map).length > 0, "must map at least one value"),
  /**
   * Fields held inside another field's text, e.g. BoolQ's "Passage: …\nQuestion: …" query: field -> a regular
   * expression the column's whole value must match; the field is its first capture group. A row that does not
   * match stops loading with its file and line.
   */
  fieldPatterns: z
    .record(
      z.string(),
      z.string().refine(isCapturingPattern, "must be a valid regular expression with a capture group"),
    )
    .optional(),
  /** tsv only: split each line on its last tab into exactly two columns (text, label). */
  splitOnLastTab: z.boolean().optional(),
  /** "error" (default): a row whose label is not in labelMap stops loading. "skip": it is listed in `skipped`. */
  onUnknownLabel: z.enum(["error", "skip"]).optional(),
  origin: originSchema.optional(),
});

type FileSpecShape = z.infer<typeof fileSpecShape>;

function isCapturingPattern(pattern: string): boolean {
  try {
    return new RegExp(`${pattern}|`).exec("")!.length > 1;
  } catch {
    return false;
  }
}

function checkFileSpec(spec: FileSpecShape, context: z.RefinementCtx) {
  const issue = (message: string, path: (string | number)[] = []) =>
    context.addIssue({ code: "custom", message, path });
  const references = Object.entries(spec.columns);
  if (!("label" in spec.columns)) issue('must name the "label" column', ["columns"]);
  if (spec.format === "jsonl") {
    if (spec.header) issue("jsonl files have no header", ["header"]);
    for (const [field, column] of references)
      if (typeof column !== "string") issue("jsonl columns are JSON keys", ["columns", field]);
  } else if (spec.format === "label-text") {
    for (const [field, column] of references)
      if (column !== 0 && column !== 1)
        issue("label-text columns are 0 (first token) or 1 (rest of the line)", ["columns", field]);
  } else if (!spec.header) {
    for (const [field, column] of references)
      if (typeof column !== "number") issue("without a header, columns are 0-based indices", ["columns", field]);
  }
  for (const field of Object.keys(spec.fieldPatterns ?? {})) {
    if (!(field in spec.columns))
      issue(`names no column of this file ("${field}" is not in columns)`, ["fieldPatterns", field]);
  }
  if (spec.splitOnLastTab && spec.format !== "tsv")
    issue("splitOnLastTab applies to tsv files only", ["splitOnLastTab"]);
  if (spec.splitOnLastTab) {
    for (const [field, column] of references)
      if (typeof column === "number" && column > 1)
        issue("splitting on the last tab gives columns 0 and 1 only", ["columns", field]);
  }
}

export const fileSpecSchema = fileSpecShape.superRefine(checkFileSpec);
export const namedFileSpecSchema = fileSpecShape
  .extend({ name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and dashes") })
  .superRefine(checkFileSpec);

/**
 * A hidden audit split: label-preserving rewrites of test-like examples, written by the organizer and never
 * published (an uploaded task file). It is scored beside the test split; a model whose headline score drops
 * from test to audit by more than `maxScoreGap` (absolute, in the metric's units) has learned the test set rather
 * than the task, and its result is held for the organizer's review instead of being ranked
 * (lib/tasks/audit-review.ts). Set the bound above the audit's own sampling noise: about 2·sqrt(p(1−p)/n) for
 * accuracy p on n examples (0.14 for 48 examples at p = 0.8).
 */
export const auditFileSpecSchema = fileSpecShape
  .extend({ maxScoreGap: z.number().min(0).max(2) })
  .superRefine(checkFileSpec);

export type FileSpec = z.infer<typeof fileSpecSchema>;
export type AuditFileSpec = z.infer<typeof auditFileSpecSchema>;
export type NamedFileSpec = z.infer<typeof namedFileSpecSchema>;

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

export const taskDefinitionSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "lower-case words joined by dashes"),
    title: z.string().min(1),
    description: z.string().optional(),
    /** One field (single text) or two (a pair, fed to BERT-style models as [CLS] a [SEP] b [SEP]). */
    inputFields: z
      .array(z.string().regex(/^[a-z][a-z_]*$/))
      .min(1)
      .max(2)
      .refine(unique, "must be distinct")
      .refine((fields) => !fields.includes("label"), '"label" is reserved for the label column'),
    labels: z.array(z.string().min(1)).min(2).refine(unique, "must be distinct"),
    metrics: z.array(z.enum(TASK_METRICS)).min(1).refine(unique, "must be distinct"),
    splits: z.object({
      test: fileSpecSchema,
      dev: fileSpecSchema.optional(),
      ood: z
        .array(namedFileSpecSchema)
        .refine((files) => unique(files.map((file) => file.name)), "names must be distinct")
        .optional(),
      audit: auditFileSpecSchema.optional(),
    }),
    source: z.object({
      description: z.string().min(1),
      url: z.url(),
      citation: z.string().optional(),
      terms: z.string().optional(),
    }),
  })
  .superRefine((task, context) => {
    const expectedColumns = [...task.inputFields, "label"].sort().join(", ");
    for (const { spec, path } of splitFiles(task)) {
      const columns = Object.keys(spec.columns).sort().join(", ");
      if (columns !== expectedColumns) {
        context.addIssue({
          code: "custom",
          path: [...path, "columns"],
          message: `must map exactly ${expectedColumns} (found ${columns})`,
        });
      }
      for (const [raw, label] of Object.entries(spec.labelMap)) {
        if (!task.labels.includes(label)) {
          context.addIssue({
            code: "custom",
            path: [...path, "labelMap", raw],
            message: `"${label}" is not one of the task's labels`,
          });
        }
      }
    }
  });

export type TaskDefinition = z.infer<typeof taskDefinitionSchema>;

/** Every file of a task with its split name: "test", "dev", "ood:<name>", or "audit". */
export function splitFiles(
  task: Pick<TaskDefinition, "splits">,
): { split: string; spec: FileSpec; path: (string | number)[] }[] {
  return [
    { split: "test", spec: task.splits.test, path: ["splits", "test"] },
    ...(task.splits.dev ? [{ split: "dev", spec: task.splits.dev, path: ["splits", "dev"] }] : []),
    ...(task.splits.ood ?? []).map((spec, index) => ({
      split: `ood:${spec.name}`,
      spec,
      path: ["splits", "ood", index],
    })),
    ...(task.splits.audit ? [{ split: "audit", spec: task.splits.audit, path: ["splits", "audit"] }] : []),
  ];
}

export function parseTaskDefinition(json: unknown, where = "task definition"): TaskDefinition {
  const parsed = taskDefinitionSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw new DatasetError("TASK_DEFINITION_INVALID", `Invalid ${where}: ${problems}`);
}
