/**
 * Test support for submitting: an open public competition with a phase running now, a small real task (two
 * labels, one sentence), a cpu-1t track, a team whose owner is signed up, and real ONNX bundles (a bag-of-words
 * classifier with a word-level tokenizer) that fit the task, or do not. Rows are inserted with drizzle directly,
 * so submission tests do not depend on the organizer screens.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Database } from "../db/client";
import {
  competitionRegistrations,
  competitions,
  hardwareProfiles,
  phases,
  tasks,
  teamMemberships,
  tracks,
  users,
  type Phase,
} from "../db/schema";
import { writeZip } from "./bundle/build-zip";
import { bagOfWordsClassifier } from "./onnx/test-models";
import { insertFixtureTeam } from "./fixture-team";

const TOKENIZER = readFileSync(new URL("../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url), "utf8");
export const FIXTURE_LABELS = ["negative", "positive"];
const HOUR = 3_600_000;

export interface CompetitionFixture {
  competitionId: string;
  competitionSlug: string;
  trackId: string;
  phaseId: string;
  teamId: string;
  ownerId: string;
  tempDir: string;
  /** Holds the task's 40-line test file (tiny/test.txt): a runner started with JOULEBENCH_DATASETS_DIR here can measure. */
  datasetsDir: string;
  cleanup(): Promise<void>;
}

const SENTENCES = [
  "the movie was great",
  "the movie was terrible",
  "i loved it",
  "not boring",
  "the plot and acting was boring",
];

export async function createUser(db: Database, label = "user"): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, name: label })
    .returning();
  return user!.id;
}

export async function createTeam(db: Database, ownerId: string, name = "Volts"): Promise<string> {
  const team = await insertFixtureTeam(db, { slug: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, name });
  await db.insert(teamMemberships).values({ teamId: team!.id, userId: ownerId, role: "owner" });
  return team!.id;
}

export async function seedCompetition(
  db: Database,
  options: {
    phase?: Partial<
      Pick<Phase, "submissionsPerDay" | "submissionsTotal" | "concurrentSubmissions" | "startsAt" | "endsAt">
    >;
    register?: boolean;
    maxBundleBytes?: number;
  } = {},
): Promise<CompetitionFixture> {
  const suffix = randomUUID().slice(0, 8);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-submit-"));
  const datasetsDir = path.join(tempDir, "datasets");
  await mkdir(path.join(datasetsDir, "tiny"), { recursive: true });
  const lines =
    Array.from({ length: 40 }, (_, index) => `${index % 2} ${SENTENCES[index % SENTENCES.length]}`).join("\n") + "\n";
  await writeFile(path.join(datasetsDir, "tiny", "test.txt"), lines);
  const [competition] = await db
    .insert(competitions)
    .values({
      slug: `tiny-${suffix}`,
      title: "Tiny",
      visibility: "public",
      status: "open",
      rulesMarkdown: "Be nice.",
      maxBundleBytes: options.maxBundleBytes,
    })
    .returning();
  const [task] = await db
    .insert(tasks)
    .values({
      slug: `tiny-${suffix}`,
      title: "Tiny sentiment",
      inputFields: ["sentence"],
      labels: FIXTURE_LABELS,
      metrics: ["accuracy"],
      datasetFiles: {
        splits: {
          test: {
            path: "tiny/test.txt",
            format: "label-text",
            header: false,
            columns: { label: 0, sentence: 1 },
            labelMap: { "0": "negative", "1": "positive" },
          },
        },
        source: { description: "Sentences written for the submission tests", url: "https://example.com/tiny" },
      },
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
  const now = Date.now();
  const [phase] = await db
    .insert(phases)
    .values({
      competitionId: competition!.id,
      name: "Development",
      startsAt: new Date(now - HOUR),
      endsAt: new Date(now + 24 * HOUR),
      ...options.phase,
    })
    .returning();
  const ownerId = await createUser(db, "owner");
  const teamId = await createTeam(db, ownerId);
  if (options.register ?? true) {
    await db
      .insert(competitionRegistrations)
      .values({ competitionId: competition!.id, teamId, registeredBy: ownerId, rulesSha256: "0".repeat(64) });
  }
  return {
    competitionId: competition!.id,
    competitionSlug: competition!.slug,
    trackId: track!.id,
    phaseId: phase!.id,
    teamId,
    ownerId,
    tempDir,
    datasetsDir,
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}

/** A valid bundle for the fixture's task; a different `seed` gives a different file (a different sha256). */
export async function writeFixtureBundle(
  zipPath: string,
  options: { seed?: number; labels?: string[] } = {},
): Promise<string> {
  const model = bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: options.seed ?? 1 }).bytes;
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
        output: { name: "logits", scores: "logits", labels: options.labels ?? FIXTURE_LABELS },
      }),
    },
  ]);
  return zipPath;
}
