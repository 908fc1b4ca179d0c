/**
 * joulebench.json, version 1: how the runner feeds a submitted graph and reads its answer.
 *
 *   {
 *     "schemaVersion": 1,
 *     "inputs": { "input_ids": "input_ids", "attention_mask": "attention_mask" },
 *     "maxSequenceLength": 128,
 *     "tokenizer": "tokenizer.json",
 *     "output": { "name": "logits", "scores": "logits", "labels": ["negative", "positive"] }
 *   }
 *
 * `inputs` maps each graph input name to what it takes. `output.labels[i]` is the task label that index i of the
 * scores stands for, so a model may order its classes however it was trained. Checking a manifest against the
 * graph it describes lives in manifest-graph.ts (re-exported here).
 */
import { z } from "zod";
import { BundleError, joinProblems } from "./bundle-error";

export const INPUT_ROLES = ["input_ids", "attention_mask", "token_type_ids", "text", "text_pair"] as const;
export type InputRole = (typeof INPUT_ROLES)[number];
/** Roles whose tensors come out of the tokenizer; the rest are raw strings for graphs that tokenize inside. */
export const TOKEN_ROLES: readonly InputRole[] = ["input_ids", "attention_mask", "token_type_ids"];
export const SCORE_KINDS = ["logits", "probabilities", "label_index"] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];
/** The one name a tokenizer may have inside a bundle (safe-unzip allows no other). */
export const TOKENIZER_FILE_NAME = "tokenizer.json";
/** Beyond any compact classifier's context, and it bounds the tensors the runner allocates per batch. */
export const MAX_SEQUENCE_LENGTH_LIMIT = 4096;

const listed = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

const manifestSchema = z.strictObject(
  {
    schemaVersion: z.literal(1, { error: "must be 1 (the only manifest version there is)" }),
    inputs: z.record(
      z.string().min(1, { error: "graph input names cannot be empty" }),
      z.enum(INPUT_ROLES, { error: `must be one of ${listed(INPUT_ROLES)}` }),
      { error: "must be an object mapping each graph input name to its role" },
    ),
    maxSequenceLength: z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(MAX_SEQUENCE_LENGTH_LIMIT, { error: `must be at most ${MAX_SEQUENCE_LENGTH_LIMIT}` })
      .optional(),
    output: z.strictObject(
      {
        name: z.string({ error: "must be the name of a graph output" }).min(1, { error: "cannot be empty" }),
        scores: z.enum(SCORE_KINDS, { error: `must be one of ${listed(SCORE_KINDS)}` }),
        labels: z
          .array(z.string({ error: "must be a label name" }).min(1, { error: "cannot be empty" }), {
            error: "must be a list of task labels, in the order of the score indices",
          })
          .min(1, { error: "must name at least one label" }),
      },
      { error: 'must be an object with "name", "scores" and "labels"' },
    ),
    tokenizer: z
      .literal(TOKENIZER_FILE_NAME, {
        error: `must be "${TOKENIZER_FILE_NAME}" (the only tokenizer file a bundle may hold)`,
      })
      .optional(),
    padTokenId: z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(0, { error: "cannot be negative" })
      .optional(),
  },
  { error: "joulebench.json must hold a JSON object" },
);

export type Manifest = z.infer<typeof manifestSchema>;

/** Validates parsed joulebench.json; throws INVALID_MANIFEST naming every violation with its path. */
export function parseManifest(json: unknown): Manifest {
  const result = manifestSchema.safeParse(json);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue, json)}`)),
    ...crossFieldProblems(json),
  ];
  if (result.success && problems.length === 0) return result.data;
  throw new BundleError("INVALID_MANIFEST", `joulebench.json is invalid: ${joinProblems(problems)}`, problems);
}

/** The file as uploaded: JSON syntax errors are reported as manifest errors too. */
export function parseManifestText(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BundleError("INVALID_MANIFEST", `joulebench.json is not valid JSON: ${reason}`, [reason]);
  }
  return parseManifest(json);
}

/**
 * Rules across fields. They read the raw JSON rather than running as a zod refinement, because zod skips
 * refinements once a field is invalid, and a team should see every problem in one upload, not one per upload.
 */
function crossFieldProblems(json: unknown): string[] {
  if (!isRecord(json)) return [];
  const problems: string[] = [];
  const inputs = isRecord(json.inputs) ? Object.entries(json.inputs) : [];
  const roles = inputs
    .map(([, role]) => role)
    .filter((role): role is InputRole => INPUT_ROLES.includes(role as InputRole));
  if (isRecord(json.inputs) && inputs.length === 0) problems.push("inputs: must map at least one graph input");
  for (const role of INPUT_ROLES) {
    const names = inputs.filter(([, r]) => r === role).map(([name]) => name);
    if (names.length > 1) problems.push(`inputs: only one graph input can take "${role}" (${listed(names)} do)`);
  }
  const usesTokens = roles.some((role) => TOKEN_ROLES.includes(role));
  const usesText = roles.includes("text") || roles.includes("text_pair");
  if (usesTokens && usesText)
    problems.push("inputs: use either token inputs (input_ids, ...) or raw-string inputs (text, text_pair), not both");
  if (usesTokens && !roles.includes("input_ids"))
    problems.push('inputs: token inputs need a graph input taking "input_ids"');
  if (roles.includes("text_pair") && !roles.includes("text"))
    problems.push('inputs: "text_pair" needs a graph input taking "text"');
  if (usesTokens && json.maxSequenceLength === undefined)
    problems.push("maxSequenceLength: required when token inputs are used");
  if (usesTokens && json.tokenizer === undefined) {
    problems.push(
      `tokenizer: required when token inputs are used (add ${TOKENIZER_FILE_NAME} to the zip and name it here)`,
    );
  }
  const labels = isRecord(json.output) && Array.isArray(json.output.labels) ? json.output.labels : [];
  labels.forEach((label, index) => {
    if (labels.indexOf(label) !== index)
      problems.push(`output.labels[${index}]: ${JSON.stringify(label)} is listed twice`);
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function usesTokenInputs(manifest: Manifest): boolean {
  return Object.values(manifest.inputs).some((role) => TOKEN_ROLES.includes(role));
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, json: unknown): string {
  // Unknown keys are usually typos ("maxSeqLength"): name them rather than print zod's generic message.
  if (issue.code === "unrecognized_keys")
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${listed(issue.keys)}`;
  if (issue.code === "invalid_type" && issue.path.length > 0 && valueAt(json, issue.path) === undefined)
    return "is required";
  return issue.message;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** `inputs["input.1"]`, `output.labels[2]`: readable even when graph input names hold dots or slashes. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(manifest)";
  return path
    .map((segment, index) => {
      if (typeof segment === "number") return `[${segment}]`;
      const name = String(segment);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join("");
}

export {
  checkManifestAgainstGraph,
  inferManifestForRawStringGraph,
  type GraphSignature,
  type GraphTensor,
} from "./manifest-graph";
