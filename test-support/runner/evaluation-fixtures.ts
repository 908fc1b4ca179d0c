/**
 * Test support: a small but real track to evaluate on. A task row whose `dataset_files` point at a 40-line test
 * file and an out-of-domain file in a temporary datasets folder, a real ONNX bundle (bag-of-words classifier,
 * word-level tokenizer), and the team, competition, hardware profile and track rows around them.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { competitions, hardwareProfiles, submissions, tasks, tracks } from "../../db/schema";
import { writeZip } from "../bundle/build-zip";
import { enqueueEvaluation } from "../../lib/data/evaluations";
import { bagOfWordsClassifier } from "../onnx/test-models";
import { claimNextEvaluation } from "../../runner/worker/claim";
import { insertFixtureTeam } from "../fixture-team";

const TOKENIZER = readFileSync(
  new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);
const SENTENCES = [
  "the movie was great",
  "the movie was terrible",
  "i loved it",
  "not boring",
  "the plot and acting was boring",
];
const LABELS = ["negative", "positive"];

export interface EvaluationTrack {
  trackId: string;
  teamId: string;
  datasetsDir: string;
  bundlePath: string;
  tempDir: string;
  cleanup(): Promise<void>;
}

const labelText = (file: string) => ({
  path: file,
  format: "label-text",
  header: false,
  columns: { label: 0, sentence: 1 },
  labelMap: { "0": "negative", "1": "positive" },
});

export async function seedEvaluationTrack(
  db: Database,
  options: { testExamples?: number; publicSplitFraction?: number } = {},
): Promise<EvaluationTrack> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-worker-"));
  const datasetsDir = path.join(tempDir, "datasets");
  await mkdir(path.join(datasetsDir, "tiny"), { recursive: true });
  const lines = (count: number, shift: number) =>
    Array.from(
      { length: count },
      (_, index) => `${(index + shift) % 2} ${SENTENCES[(index + shift) % SENTENCES.length]}`,
    ).join("\n") + "\n";
  await writeFile(path.join(datasetsDir, "tiny", "test.txt"), lines(options.testExamples ?? 40, 0));
  await writeFile(path.join(datasetsDir, "tiny", "reviews.txt"), lines(10, 1));
  const bundlePath = path.join(tempDir, "bundle.zip");
  await writeBundle(bundlePath, bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: 1 }).bytes);

  const suffix = randomUUID().slice(0, 8);
  const team = await insertFixtureTeam(db, { slug: `volts-${suffix}`, name: "Volts" });
  const [competition] = await db
    .insert(competitions)
    .values({ slug: `tiny-${suffix}`, title: "Tiny" })
    .returning();
  const [task] = await db
    .insert(tasks)
    .values({
      slug: `tiny-${suffix}`,
      title: "Tiny sentiment",
      inputFields: ["sentence"],
      labels: LABELS,
      metrics: ["accuracy", "macro_f1"],
      datasetFiles: {
        splits: { test: labelText("tiny/test.txt"), ood: [{ name: "reviews", ...labelText("tiny/reviews.txt") }] },
        source: { description: "Sentences written for the runner's tests", url: "https://example.com/tiny" },
      },
      publicSplitFraction: options.publicSplitFraction ?? 0.5,
      splitSeed: 7,
    })
    .returning();
  await db
    .insert(hardwareProfiles)
    .values({ id: "cpu-1t", title: "One CPU thread", kind: "cpu", spec: {} })
    .onConflictDoNothing();
  const [track] = await db
    .insert(tracks)
    .values({ competitionId: competition!.id, taskId: task!.id, hardwareProfileId: "cpu-1t", title: "Main" })
    .returning();
  return {
    trackId: track!.id,
    teamId: team!.id,
    datasetsDir,
    bundlePath,
    tempDir,
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}

export async function writeBundle(zipPath: string, model: Uint8Array): Promise<void> {
  await writeZip(zipPath, [
    { name: "model.onnx", data: Buffer.from(model) },
    { name: "tokenizer.json", data: TOKENIZER },
    {
      name: "joulebench.json",
      data: JSON.stringify({
        schemaVersion: 1,
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        maxSequenceLength: 32,
        tokenizer: "tokenizer.json",
        output: { name: "logits", scores: "logits", labels: LABELS },
      }),
    },
  ]);
}

/** A submission on the track whose artifact is `artifactPath` (default: the track's bundle). */
export async function createSubmission(
  db: Database,
  track: EvaluationTrack,
  artifactPath = track.bundlePath,
): Promise<string> {
  const [submission] = await db
    .insert(submissions)
    .values({
      teamId: track.teamId,
      trackId: track.trackId,
      name: "tiny",
      artifactPath,
      sha256: "0".repeat(64),
      sizeBytes: 1,
    })
    .returning();
  return submission!.id;
}

/** A submission on the track, enqueued and claimed by `runnerId` (the only job on the queue is taken). */
export async function claimedEvaluation(
  db: Database,
  boss: PgBoss,
  track: EvaluationTrack,
  runnerId: string,
  artifactPath?: string,
) {
  const submissionId = await createSubmission(db, track, artifactPath);
  const queued = await enqueueEvaluation(db, boss, { submissionId });
  const outcome = await claimNextEvaluation(db, boss, runnerId, ["cpu-1t"]);
  if (outcome.kind !== "claimed" || outcome.claim.evaluationId !== queued.evaluationId) {
    throw new Error(`expected to claim ${queued.evaluationId}, got ${JSON.stringify(outcome)}`);
  }
  return { submissionId, claim: outcome.claim };
}
