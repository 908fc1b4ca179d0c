/**
 * `npm run baselines`: trains every baseline from ../shared/datasets and writes, for each,
 *   .data/baselines/<name>/bundle.zip   model.onnx + tokenizer.json + joulebench.json, what the runner takes
 *   .data/baselines/<name>/card.json    and card.md: what it is, how it was trained, its data, seed, quality
 * then .data/baselines/build-summary.json (with training times, which vary run to run, so they stay out of the
 * cards) and a summary table on stdout. Options: --out <dir>.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import type { BuiltBaseline } from "./built-baseline";
import { zipBundle } from "./bundle-files";
import { renderCardMarkdown } from "./card";
import { cbAsRte, rteVal, smsSpamCollection, sst2Dev, sst2Test, sst2Train, vocabularyCorpus } from "./datasets";
import { buildRteBaseline } from "./rte-baseline";
import { buildSmsSpamBaseline } from "./sms-spam-baseline";
import { buildSst2Baselines } from "./sst2-baselines";
import { buildBoolqBaseline, buildCbBaseline } from "./superglue-baselines";

/** The budget for each model's own training, on the 2 shared cores of the reference machine. */
const TRAINING_BUDGET_SECONDS = 60;

export async function writeBaseline(outDir: string, baseline: BuiltBaseline): Promise<string> {
  const dir = path.join(outDir, baseline.card.name);
  await mkdir(dir, { recursive: true });
  const zipPath = path.join(dir, "bundle.zip");
  await writeFile(zipPath, await zipBundle(baseline.files));
  await writeFile(path.join(dir, "card.json"), `${JSON.stringify(baseline.card, null, 2)}\n`);
  await writeFile(path.join(dir, "card.md"), renderCardMarkdown(baseline.card));
  return zipPath;
}

function parseOut(argv: readonly string[]): string {
  const index = argv.indexOf("--out");
  return path.resolve(index >= 0 && argv[index + 1] ? argv[index + 1]! : ".data/baselines");
}

async function main(): Promise<void> {
  const outDir = parseOut(process.argv.slice(2));
  const root = resolveDatasetsRoot();
  const started = performance.now();
  const log = (message: string) => process.stderr.write(`${message}\n`);

  log(`datasets: ${root}`);
  const built: BuiltBaseline[] = [];
  log("SST-2: loading, tokenizing and training 5 models (+ 2 quantized copies) ...");
  built.push(
    ...buildSst2Baselines({ train: await sst2Train(root), dev: await sst2Dev(root), test: await sst2Test(root) }),
  );
  log("RTE: lexical-overlap model trained on CommitmentBank ...");
  const corpus = await vocabularyCorpus(root);
  built.push(
    buildRteBaseline({
      train: await cbAsRte(root),
      rte: await rteVal(root),
      vocabularyTexts: corpus.texts,
      vocabularyDescription: corpus.description,
    }),
  );
  log("SMS spam: bag of word and bigram embeddings on half the collection ...");
  built.push(buildSmsSpamBaseline(await smsSpamCollection(root)));
  log("BoolQ and CB: the lexical-overlap model, trained on RTE's pairs relabelled ...");
  built.push(await buildBoolqBaseline(root), await buildCbBaseline(root));

  const summary = [];
  for (const baseline of built) {
    const zipPath = await writeBaseline(outDir, baseline);
    const { card } = baseline;
    summary.push({
      name: card.name,
      task: card.task,
      bundle: path.relative(process.cwd(), zipPath),
      parameters: card.parameters,
      nonZeroParameters: card.nonZeroParameters,
      weightPrecision: card.weightPrecision,
      modelBytes: card.modelBytes,
      trainSeconds: baseline.trainSeconds,
      withinTrainingBudget: baseline.trainSeconds < TRAINING_BUDGET_SECONDS,
      quality: card.quality,
    });
  }
  await writeFile(path.join(outDir, "build-summary.json"), `${JSON.stringify({ baselines: summary }, null, 2)}\n`);

  const pad = (text: string | number, width: number) => String(text).padEnd(width);
  console.log(
    `${pad("baseline", 26)}${pad("task", 10)}${pad("params", 10)}${pad("non-zero", 10)}${pad("prec", 8)}${pad("onnx KB", 9)}${pad("train s", 9)}kit quality (first set = dev / held out)`,
  );
  for (const row of summary) {
    const first = row.quality[0]!;
    const quality = `acc ${(first.accuracy * 100).toFixed(2)}%  macro-F1 ${(first.macro_f1 * 100).toFixed(2)}%  MCC ${first.mcc.toFixed(3)}`;
    console.log(
      `${pad(row.name, 26)}${pad(row.task, 10)}${pad(row.parameters, 10)}${pad(row.nonZeroParameters, 10)}${pad(row.weightPrecision, 8)}` +
        `${pad(Math.round(row.modelBytes / 1024), 9)}${pad(row.trainSeconds.toFixed(1), 9)}${quality}`,
    );
  }
  const slow = summary.filter((row) => !row.withinTrainingBudget);
  if (slow.length > 0)
    log(`warning: over the ${TRAINING_BUDGET_SECONDS}s training budget: ${slow.map((row) => row.name).join(", ")}`);
  log(
    `wrote ${summary.length} baselines to ${path.relative(process.cwd(), outDir) || "."} in ${((performance.now() - started) / 1000).toFixed(1)}s`,
  );
}

// Run as a script (tsx tools/baselines/build-all.ts), not when imported by a test.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
