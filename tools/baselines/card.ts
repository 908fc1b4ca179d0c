/**
 * A baseline's card: what the model is, how it was trained, on what data, with which seed, and what the kit
 * measured itself (quality only; latency and energy are the runner's to measure). Written as card.json for
 * scripts and card.md for people. Nothing time-dependent goes in (no build date, no training time), so two
 * builds with the same seed write identical cards; training times are printed and kept in build-summary.json.
 */

export interface QualityRow {
  /** Which examples, e.g. "sst2/dev.tsv (872)"; says when a set overlaps the training data. */
  set: string;
  examples: number;
  accuracy: number;
  macro_f1: number;
  mcc: number;
}

export interface BaselineCard {
  name: string;
  /** Task slug for `joulebench evaluate --task`. */
  task: string;
  title: string;
  /** What it is, in a sentence or two. */
  summary: string;
  architecture: Record<string, string | number>;
  parameters: number;
  nonZeroParameters: number;
  weightPrecision: "float32" | "int8";
  modelBytes: number;
  tokenizer: {
    type: "WordLevel";
    vocabularySize: number;
    builtFrom: string;
    minCount: number;
    maxSequenceLength: number;
  };
  training: {
    data: string;
    examples: number;
    procedure: string;
    hyperparameters: Record<string, string | number | boolean>;
    seed: number;
  };
  quality: QualityRow[];
  /** Caveats and findings a reader must not miss (contamination, what a comparison showed). */
  notes: string[];
  reproduce: string;
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

export function renderCardMarkdown(card: BaselineCard): string {
  const lines = [
    `# ${card.name}: ${card.title}`,
    "",
    card.summary,
    "",
    `Task: \`${card.task}\`. Parameters: ${card.parameters.toLocaleString("en-US")} (${card.nonZeroParameters.toLocaleString("en-US")} non-zero), ` +
      `weights in ${card.weightPrecision}, model.onnx ${card.modelBytes.toLocaleString("en-US")} bytes.`,
    "",
    "## Architecture",
    "",
    table(
      ["", ""],
      Object.entries(card.architecture).map(([key, value]) => [key, String(value)]),
    ),
    "",
    "## Tokenizer",
    "",
    `Hugging Face ${card.tokenizer.type} tokenizer.json (Lowercase, Whitespace pre-tokenizer, [CLS] … [SEP] template), ` +
      `${card.tokenizer.vocabularySize.toLocaleString("en-US")} tokens: words seen at least ${card.tokenizer.minCount} time(s) in ` +
      `${card.tokenizer.builtFrom}. Sequences are truncated to ${card.tokenizer.maxSequenceLength} tokens.`,
    "",
    "## Training",
    "",
    `Data: ${card.training.data} (${card.training.examples.toLocaleString("en-US")} examples).`,
    "",
    card.training.procedure,
    "",
    table(
      ["hyperparameter", "value"],
      Object.entries({ ...card.training.hyperparameters, seed: card.training.seed }).map(([key, value]) => [
        key,
        String(value),
      ]),
    ),
    "",
    "## Quality measured by the kit",
    "",
    table(
      ["set", "examples", "accuracy", "macro-F1", "MCC"],
      card.quality.map((row) => [
        row.set,
        String(row.examples),
        percent(row.accuracy),
        percent(row.macro_f1),
        row.mcc.toFixed(4),
      ]),
    ),
    "",
    "Latency and energy are not measured here: run the bundle through `joulebench evaluate`.",
    "",
  ];
  if (card.notes.length > 0) lines.push("## Notes", "", ...card.notes.map((note) => `- ${note}`), "");
  lines.push("## Reproduce", "", card.reproduce, "");
  return lines.join("\n");
}
