/**
 * "Show your work" (Dodge et al. 2019, "Show Your Work: Improved Reporting of Experimental Results",
 * https://aclanthology.org/D19-1224/): what it cost to get the model, so that a leaderboard can weigh a result
 * against the search that found it. Every field is optional; what a team gives is validated and stored with the
 * submission. The hyperparameter-search trials arrive as a CSV with one row per trial and a validation score,
 * the input to the expected-maximum-performance curve the paper recommends.
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { AppError } from "../errors";

export const DISCLOSED_METHODS = [
  "distillation",
  "pruning",
  "quantization",
  "low-rank factorization",
  "architecture search",
  "early exit",
  "vocabulary trimming",
] as const;
/** Generous for a hyperparameter search, small enough to sit in a jsonb column. */
export const MAX_TRIALS = 2_000;
const MAX_TRIALS_CSV_BYTES = 512 * 1024;
const SCORE_COLUMNS = ["validation_score", "val_score", "score", "accuracy"];

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) link" }).max(500);

export const disclosuresInputSchema = z
  .strictObject({
    trainingGpuHours: z.number().min(0).max(1e7).optional(),
    trainingHardware: z.string().trim().max(200).optional(),
    trainingEnergyKwh: z.number().min(0).max(1e9).optional(),
    methods: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
    codeUrl: httpUrl.optional(),
    paperUrl: httpUrl.optional(),
    notes: z.string().max(4000).optional(),
    /** The CSV text; header row required, one column holding each trial's validation score. */
    trialsCsv: z.string().max(MAX_TRIALS_CSV_BYTES, { error: "the trials CSV is over 512 KiB" }).optional(),
  })
  .default({});
export type DisclosuresInput = z.input<typeof disclosuresInputSchema>;

export interface HyperparameterTrials {
  scoreColumn: string;
  columns: string[];
  rows: Record<string, string>[];
  validationScores: number[];
}

export interface Disclosures {
  trainingGpuHours?: number;
  trainingHardware?: string;
  trainingEnergyKwh?: number;
  methods?: string[];
  codeUrl?: string;
  paperUrl?: string;
  notes?: string;
  trials?: HyperparameterTrials;
}

/** Validated disclosures, the trials CSV parsed; VALIDATION_FAILED says which field or row is wrong. */
export function parseDisclosures(input: unknown): Disclosures {
  const parsed = disclosuresInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "VALIDATION_FAILED",
      `Disclosures: ${issue?.path.join(".") || "form"} ${issue?.message ?? "is invalid"}.`,
    );
  }
  const { trialsCsv, ...rest } = parsed.data;
  const disclosures: Disclosures = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined && value !== ""),
  );
  if (trialsCsv?.trim()) disclosures.trials = parseTrialsCsv(trialsCsv);
  return disclosures;
}

export function parseTrialsCsv(text: string): HyperparameterTrials {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new AppError("VALIDATION_FAILED", `The trials CSV could not be read: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header || body.length === 0)
    throw new AppError("VALIDATION_FAILED", "The trials CSV needs a header row and at least one trial.");
  if (body.length > MAX_TRIALS)
    throw new AppError(
      "VALIDATION_FAILED",
      `The trials CSV has ${body.length} trials; at most ${MAX_TRIALS} are kept.`,
    );
  const columns = header.map((name) => name.toLowerCase());
  const scoreColumn = SCORE_COLUMNS.find((name) => columns.includes(name));
  if (!scoreColumn) {
    throw new AppError(
      "VALIDATION_FAILED",
      `The trials CSV needs a column with each trial's validation score, named one of: ${SCORE_COLUMNS.join(", ")}.`,
    );
  }
  const scoreIndex = columns.indexOf(scoreColumn);
  const validationScores = body.map((row, index) => {
    const score = Number(row[scoreIndex]);
    if (!Number.isFinite(score)) {
      throw new AppError(
        "VALIDATION_FAILED",
        `Trials CSV row ${index + 2}: "${row[scoreIndex] ?? ""}" in ${scoreColumn} is not a number.`,
      );
    }
    return score;
  });
  const rows = body.map((row) => Object.fromEntries(columns.map((name, index) => [name, row[index] ?? ""])));
  return { scoreColumn, columns, rows, validationScores };
}
