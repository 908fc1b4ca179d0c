/**
 * Test support for boards: a competition with one track, and submissions whose evaluations and `results` rows
 * are inserted directly with drizzle, shaped as the runner writes them (runner/worker/result-rows.ts): one row per
 * split ("public", "private", "ood:<name>") with the same measurement on each, intervals in `details`.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import {
  competitionOrganizers,
  competitions,
  evaluations,
  hardwareProfiles,
  phases,
  results,
  submissions,
  tasks,
  teamMemberships,
  tracks,
  users,
  type Competition,
  type EvaluationState,
  type Track,
} from "../db/schema";
import { insertFixtureTeam } from "./fixture-team";

export interface BoardFixture {
  competitionId: string;
  competitionSlug: string;
  trackId: string;
  organizerId: string;
}

export interface BoardOptions {
  visibility?: Competition["visibility"];
  status?: Competition["status"];
  rule?: Track["rankingRule"];
  threshold?: number | null;
  rankedEnergyKind?: "measured" | "estimated";
  /** Phases of the competition; default: one development phase running now. */
  phases?: { kind: "development" | "final"; startsAt: Date; endsAt: Date; revealPrivate?: boolean }[];
}

const DAY = 86_400_000;

export async function createUser(db: Database, label = "user"): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `${label}-${randomUUID().slice(0, 8)}@example.com`, name: label })
    .returning();
  return user!.id;
}

export async function createTeam(db: Database, name: string, memberId?: string): Promise<string> {
  const team = await insertFixtureTeam(db, {
    slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 8)}`,
    name,
  });
  if (memberId) await db.insert(teamMemberships).values({ teamId: team!.id, userId: memberId, role: "owner" });
  return team!.id;
}

export async function seedBoard(db: Database, options: BoardOptions = {}): Promise<BoardFixture> {
  const suffix = randomUUID().slice(0, 8);
  const organizerId = await createUser(db, "organizer");
  const [competition] = await db
    .insert(competitions)
    .values({
      slug: `board-${suffix}`,
      title: `Frugal sentiment ${suffix}`,
      visibility: options.visibility ?? "public",
      status: options.status ?? "open",
    })
    .returning();
  await db.insert(competitionOrganizers).values({ competitionId: competition!.id, userId: organizerId });
  const [task] = await db
    .insert(tasks)
    .values({
      slug: `sst2-${suffix}`,
      title: "SST-2 sentiment",
      inputFields: ["sentence"],
      labels: ["negative", "positive"],
      metrics: ["accuracy", "macro_f1"],
      datasetFiles: {},
      outOfDomainSplit: "reviews",
    })
    .returning();
  await db
    .insert(hardwareProfiles)
    .values({ id: "cpu-1t", title: "One CPU thread", kind: "cpu", spec: {} })
    .onConflictDoNothing();
  const [track] = await db
    .insert(tracks)
    .values({
      competitionId: competition!.id,
      taskId: task!.id,
      hardwareProfileId: "cpu-1t",
      title: "One CPU thread",
      rankingRule: options.rule ?? "energy-at-threshold",
      qualityMetric: "accuracy",
      qualityThreshold: options.threshold === undefined ? 0.8 : options.threshold,
      rankedEnergyKind: options.rankedEnergyKind ?? "estimated",
    })
    .returning();
  const now = Date.now();
  const phaseRows = options.phases ?? [
    { kind: "development" as const, startsAt: new Date(now - DAY), endsAt: new Date(now + 30 * DAY) },
  ];
  for (const phase of phaseRows) {
    await db.insert(phases).values({
      competitionId: competition!.id,
      name: phase.kind,
      kind: phase.kind,
      startsAt: phase.startsAt,
      endsAt: phase.endsAt,
      revealPrivate: phase.revealPrivate ?? false,
    });
  }
  return { competitionId: competition!.id, competitionSlug: competition!.slug, trackId: track!.id, organizerId };
}

export interface SubmissionFigures {
  teamId: string;
  name?: string;
  /** Headline accuracy per split; a split left out gets no row. */
  accuracy?: { public?: number; private?: number; ood?: number };
  joulesPerInference?: number | null;
  energyCi?: [number, number] | null;
  energyMethod?: string | null;
  p50Ms?: number;
  p90Ms?: number;
  p90CiMs?: [number, number] | null;
  evaluationState?: EvaluationState;
  hidden?: boolean;
  disqualifiedReason?: string | null;
  isBaseline?: boolean;
  noisy?: boolean;
  heldForReview?: boolean;
  disclosures?: Record<string, unknown>;
  createdAt?: Date;
}

export async function addSubmission(
  db: Database,
  board: BoardFixture,
  figures: SubmissionFigures,
): Promise<{ submissionId: string; evaluationId: string }> {
  const state = figures.evaluationState ?? "finished";
  const [submission] = await db
    .insert(submissions)
    .values({
      teamId: figures.teamId,
      trackId: board.trackId,
      name: figures.name ?? `model-${randomUUID().slice(0, 6)}`,
      artifactPath: "bundle.zip",
      sha256: randomUUID().replaceAll("-", "").padEnd(64, "0"),
      sizeBytes: 4096,
      state: state === "finished" ? "scored" : state === "failed" || state === "cancelled" ? "failed" : "evaluating",
      hidden: figures.hidden ?? false,
      disqualifiedReason: figures.disqualifiedReason ?? null,
      isBaseline: figures.isBaseline ?? false,
      disclosures: figures.disclosures ?? {},
      createdAt: figures.createdAt ?? new Date(),
    })
    .returning();
  const [evaluation] = await db
    .insert(evaluations)
    .values({
      submissionId: submission!.id,
      hardwareProfileId: "cpu-1t",
      state,
      finishedAt: state === "finished" ? new Date() : null,
      versions: { protocol: "test" },
    })
    .returning();
  if (state === "finished") await addResults(db, evaluation!.id, figures);
  return { submissionId: submission!.id, evaluationId: evaluation!.id };
}

export async function addResults(db: Database, evaluationId: string, figures: SubmissionFigures): Promise<void> {
  const accuracy = figures.accuracy ?? { public: 0.85, private: 0.84 };
  const joules = figures.joulesPerInference === undefined ? 0.01 : figures.joulesPerInference;
  const shared = {
    evaluationId,
    latencyP50Ms: figures.p50Ms ?? 1,
    latencyP90Ms: figures.p90Ms ?? 2,
    latencyP99Ms: 3,
    latencyMeanMs: 1.2,
    latencyP50CiLowMs: (figures.p50Ms ?? 1) * 0.95,
    latencyP50CiHighMs: (figures.p50Ms ?? 1) * 1.05,
    throughputPerSecond: 1000,
    energyJoulesPerInference: joules,
    energyWhPerThousand: joules === null ? null : (joules * 1000) / 3600,
    energyMethod: joules === null ? null : (figures.energyMethod ?? "estimated"),
    // The energy interval in its columns (as the runner writes it since protocol 2026.11-3), the p90 interval in
    // details only (as older results have it), so both ways of reading are exercised.
    energyCiLowJoulesPerInference: figures.energyCi?.[0] ?? null,
    energyCiHighJoulesPerInference: figures.energyCi?.[1] ?? null,
    carbonGramsPerThousand: joules === null ? null : ((joules * 1000) / 3.6e6) * 481,
    peakRssBytes: 60_000_000,
    noisy: figures.noisy ?? false,
    heldForReview: figures.heldForReview ?? false,
    modelFacts: {
      parameters: 20_000,
      nonZeroParameters: 18_000,
      sparsity: 0.1,
      precisionMix: { float32: 20_000 },
      fileSizeBytes: 80_000,
      macsPerExample: { total: 40_000 },
      opHistogram: { Gather: 1, MatMul: 2 },
    },
    hostFingerprint: { cpuModel: "Test CPU", cores: 2 },
    details: {
      latency: { p90CiMs: figures.p90CiMs === undefined ? null : figures.p90CiMs },
      energy: { method: figures.energyMethod ?? "estimated" },
    },
  };
  const splits = Object.entries(accuracy).filter((entry): entry is [string, number] => entry[1] !== undefined);
  for (const [split, value] of splits) {
    await db.insert(results).values({
      ...shared,
      split: split === "ood" ? "ood:reviews" : split,
      examples: 100,
      metrics: { accuracy: value, macro_f1: value - 0.01 },
    });
  }
}
