/**
 * The authorization matrix: every actor the rules tell apart (visitor, member of the submitting team, member of
 * another team, organizer of this competition, organizer of another, site admin) against every server-side entry
 * point, with the answer each must get. Pages, server actions and route handlers stay thin (STYLE.md): each one
 * calls the lib/data function named in its row, passing the signed-in user's id, so asserting those functions
 * asserts what the surfaces answer. The browser-level checks of the same rules (a 404 page, a redirect to sign
 * in) are in e2e/organizer.spec.ts.
 *
 * "ok" means allowed; anything else is the AppError code expected. The competition is open and public unless a
 * row says otherwise; "draft" rows use a private draft organized by the other organizer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMultiTaskTrack, listTrackTasks } from "./data/multi-task-tracks";
import type { Database } from "../db/client";
import { competitionOrganizers, competitionRegistrations, phases, submissions, tracks, users } from "../db/schema";
import { useTestDatabase } from "../test-support/db/test-database";
import { exportCompetition } from "./competition-bundle/export";
import { importCompetition } from "./competition-bundle/import";
import { createApiToken, listApiTokens, revokeApiToken } from "./data/api-tokens";
import {
  addOrganizer,
  createCompetition,
  getCompetition,
  listCompetitions,
  listOrganizers,
  removeOrganizer,
  updateCompetition,
} from "./data/competitions";
import { cancelEvaluation, enqueueEvaluation, listEvaluationEvents } from "./data/evaluations";
import { getBoard } from "./data/leaderboards";
import { listTrackSubmissionsForModeration, moderateSubmission, rerunSubmission, rerunTrack } from "./data/moderation";
import { createPhase, deletePhase, setPrivateResultsRevealed, updatePhase } from "./data/phases";
import { queueOverview } from "./data/queue-overview";
import { listMyTeamsForCompetition, registerTeam } from "./data/registrations";
import { listRunners } from "./data/runners";
import { getSubmission, listMySubmissions } from "./data/submission-views";
import { resolveSubmissionTarget } from "./data/submissions";
import { createUploadedTask, ensureShippedTaskRow, listTaskChoices, openDevelopmentData } from "./data/tasks";
import {
  ACTOR_NAMES,
  actorIdOf,
  createCompetitionWorld,
  type ActorName,
  type CompetitionWorld,
} from "../test-support/data/competition-world";
import { createTrack, deleteTrack, getTrack, updateTrack } from "./data/tracks";
import { isAppError } from "./errors";
import { LocalArtifactStore } from "./storage/local-store";

const testDb = useTestDatabase();
let boss: PgBoss;
let folder: string;
let world: CompetitionWorld;
let submissionId: string;
let evaluationId: string;
let counter = 0;

type Outcome = "ok" | "skip" | string;
type Expected = Record<ActorName, Outcome>;
interface Row {
  surface: string;
  call: (actorId: string | null, db: Database) => Promise<unknown>;
  expected: Expected;
}

const row = (
  surface: string,
  expected: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome],
  call: Row["call"],
): Row => ({
  surface,
  call,
  expected: Object.fromEntries(ACTOR_NAMES.map((name, index) => [name, expected[index]!])) as Expected,
});
// Column order: visitor, member, otherMember, organizer, otherOrganizer, admin.
const EVERYONE: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = ["ok", "ok", "ok", "ok", "ok", "ok"];
const MANAGERS: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "FORBIDDEN",
  "ok",
  "FORBIDDEN",
  "ok",
];
const ADMINS: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "FORBIDDEN",
  "FORBIDDEN",
  "FORBIDDEN",
  "ok",
];
const DRAFT_READ: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = [
  "NOT_FOUND",
  "NOT_FOUND",
  "NOT_FOUND",
  "NOT_FOUND",
  "ok",
  "ok",
];
const DRAFT_WRITE: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = [
  "UNAUTHENTICATED",
  "NOT_FOUND",
  "NOT_FOUND",
  "NOT_FOUND",
  "ok",
  "ok",
];
const TEAM_PRIVATE: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome] = [
  "NOT_FOUND",
  "ok",
  "NOT_FOUND",
  "ok",
  "NOT_FOUND",
  "ok",
];

const unique = () => `${Date.now().toString(36)}-${(counter += 1)}`;
const at = (days: number) => new Date(Date.UTC(2031, 0, 1) + days * 86_400_000);

/** A task uploaded for the competition (by the admin), so each track created here has a task of its own. */
async function ownTaskId(db: Database): Promise<string> {
  const store = new LocalArtifactStore(path.join(folder, "store"));
  const task = await createUploadedTask(db, store, world.adminId, world.competition.id, tinyDefinition(), tinyFiles());
  return task.id;
}

const tinyFiles = () => ({ paths: new Set(["t.tsv"]), open: async () => Readable.from(["x\t1\n"]) });

async function spareTrackId(db: Database): Promise<string> {
  const [track] = await db
    .insert(tracks)
    .values({
      competitionId: world.competition.id,
      taskId: await ownTaskId(db),
      hardwareProfileId: "cpu-2t",
      title: "Spare",
    })
    .returning({ id: tracks.id });
  return track!.id;
}

async function spareSubmissionId(db: Database): Promise<string> {
  const [submission] = await db
    .insert(submissions)
    .values({
      teamId: world.teamId,
      trackId: world.track.id,
      name: `s-${unique()}`,
      artifactPath: "x.zip",
      sha256: "0".repeat(64),
      sizeBytes: 1,
    })
    .returning({ id: submissions.id });
  return submission!.id;
}

const tinyDefinition = () => ({
  slug: `tiny-${unique()}`,
  title: "Tiny",
  inputFields: ["sentence"],
  labels: ["negative", "positive"],
  metrics: ["accuracy"],
  splits: {
    test: {
      path: "t.tsv",
      format: "tsv",
      header: false,
      columns: { sentence: 0, label: 1 },
      labelMap: { "0": "negative", "1": "positive" },
    },
  },
  source: { description: "Made up", url: "https://example.com/tiny" },
});

function rows(): Row[] {
  const store = new LocalArtifactStore(path.join(folder, "store"));
  const competitionId = () => world.competition.id;
  const slug = () => world.competition.slug;
  return [
    // Public pages: /competitions, /competitions/[slug], its board.
    row("page /competitions (listCompetitions)", EVERYONE, (actor, db) => listCompetitions(db, actor)),
    row("page /competitions/[slug] (getCompetition)", EVERYONE, (actor, db) => getCompetition(db, actor, slug())),
    row("page /competitions/[slug] of a draft (getCompetition)", DRAFT_READ, (actor, db) =>
      getCompetition(db, actor, world.otherCompetition.slug),
    ),
    row("page /competitions/[slug]/tracks/[trackId] (getBoard, public part)", EVERYONE, (actor, db) =>
      getBoard(db, actor, { competitionSlug: slug(), trackId: world.track.id }),
    ),
    row(
      "page board, private part before it is revealed (getBoard)",
      ["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "ok", "FORBIDDEN", "ok"],
      (actor, db) => getBoard(db, actor, { competitionSlug: slug(), trackId: world.track.id, split: "private" }),
    ),
    row(
      "route /competitions/[slug]/data/[taskId] (openDevelopmentData)",
      ["UNAUTHENTICATED", "ok", "FORBIDDEN", "ok", "FORBIDDEN", "ok"],
      async (actor, db) => {
        const file = await openDevelopmentData(db, store, actor, slug(), world.track.taskId);
        (file?.body as Readable | undefined)?.destroy?.();
      },
    ),
    // Organizer pages, actions and routes.
    row("page /organize/[slug] (listOrganizers)", MANAGERS, (actor, db) => listOrganizers(db, actor, competitionId())),
    row("page /organize/[slug] (listTaskChoices)", MANAGERS, (actor, db) =>
      listTaskChoices(db, actor, competitionId()),
    ),
    row("action createCompetitionAction", ADMINS, (actor, db) =>
      createCompetition(db, actor, { slug: `c-${unique()}`, title: "New one" }),
    ),
    row("action updateCompetitionAction", MANAGERS, (actor, db) =>
      updateCompetition(db, actor, competitionId(), { title: "Fewest Watts" }),
    ),
    row("action updateCompetitionAction on a draft", DRAFT_WRITE, (actor, db) =>
      updateCompetition(db, actor, world.otherCompetition.id, { title: "Another Contest" }),
    ),
    row("action addOrganizerAction", ADMINS, async (actor, db) => {
      const [person] = await db
        .insert(users)
        .values({ email: `helper-${unique()}@example.com` })
        .returning();
      return addOrganizer(db, actor, competitionId(), person!.email!);
    }),
    row("action removeOrganizerAction", ADMINS, async (actor, db) => {
      const [person] = await db
        .insert(users)
        .values({ email: `leaving-${unique()}@example.com` })
        .returning();
      await db.insert(competitionOrganizers).values({ competitionId: competitionId(), userId: person!.id });
      return removeOrganizer(db, actor, competitionId(), person!.id);
    }),
    row("action createTrackAction", MANAGERS, async (actor, db) =>
      createTrack(db, actor, competitionId(), {
        title: "Another",
        taskId: await ownTaskId(db),
        hardwareProfileId: "cpu-2t",
      }),
    ),
    row("action createMultiTaskTrackAction (createMultiTaskTrack)", MANAGERS, async (actor, db) => {
      const [boolq, cb] = await Promise.all([ensureShippedTaskRow(db, "boolq"), ensureShippedTaskRow(db, "cb")]);
      return createMultiTaskTrack(db, actor, competitionId(), {
        title: "Lite",
        hardwareProfileId: "cpu-1t",
        tasks: [
          { taskId: boolq.id, metric: "accuracy" },
          { taskId: cb.id, metric: "f1_accuracy_mean" },
        ],
      });
    }),
    row("page board's task columns (listTrackTasks)", EVERYONE, (actor, db) =>
      listTrackTasks(db, actor, world.track.id),
    ),
    row("action updateTrackAction", MANAGERS, (actor, db) =>
      updateTrack(db, actor, world.track.id, { title: "SST-2 on one thread" }),
    ),
    row("action deleteTrackAction", MANAGERS, async (actor, db) => deleteTrack(db, actor, await spareTrackId(db))),
    row("page /organize/[slug]/tracks/[trackId] (getTrack)", EVERYONE, (actor, db) =>
      getTrack(db, actor, world.track.id),
    ),
    row("action createPhaseAction", MANAGERS, (actor, db) => {
      const start = (counter += 1) * 2;
      return createPhase(db, actor, competitionId(), { name: "Window", startsAt: at(start), endsAt: at(start + 1) });
    }),
    row("action updatePhase", MANAGERS, async (actor, db) => {
      const start = 1000 + (counter += 1) * 2;
      const [phase] = await db
        .insert(phases)
        .values({ competitionId: competitionId(), name: "Old", startsAt: at(start), endsAt: at(start + 1) })
        .returning();
      return updatePhase(db, actor, phase!.id, { name: "New", startsAt: at(start), endsAt: at(start + 1) });
    }),
    row("action deletePhaseAction", MANAGERS, async (actor, db) => {
      const start = 2000 + (counter += 1) * 2;
      const [phase] = await db
        .insert(phases)
        .values({ competitionId: competitionId(), name: "Gone", startsAt: at(start), endsAt: at(start + 1) })
        .returning();
      return deletePhase(db, actor, phase!.id);
    }),
    row(
      "action revealPrivateAction (keeping it hidden, so the board rows above stay valid)",
      MANAGERS,
      async (actor, db) => {
        const start = 3000 + (counter += 1) * 2;
        const [phase] = await db
          .insert(phases)
          .values({
            competitionId: competitionId(),
            name: "Final",
            kind: "final",
            startsAt: at(start),
            endsAt: at(start + 1),
          })
          .returning();
        return setPrivateResultsRevealed(db, actor, phase!.id, false);
      },
    ),
    row("route POST /organize/[slug]/tasks (createUploadedTask)", MANAGERS, (actor, db) =>
      createUploadedTask(db, store, actor, competitionId(), tinyDefinition(), tinyFiles()),
    ),
    row("route GET /organize/[slug]/export (exportCompetition)", MANAGERS, async (actor, db) =>
      (await exportCompetition(db, store, actor, slug())).stream.resume(),
    ),
    row(
      "route POST /organize/import (importCompetition; an empty file once allowed)",
      [...ADMINS.slice(0, 5), "COMPETITION_FILE_INVALID"] as never,
      (actor, db) => importCompetition(db, store, actor, path.join(folder, "missing.zip")),
    ),
    row("page moderation (listTrackSubmissionsForModeration)", MANAGERS, (actor, db) =>
      listTrackSubmissionsForModeration(db, actor, world.track.id),
    ),
    row("action moderateAction", MANAGERS, (actor, db) =>
      moderateSubmission(db, actor, submissionId, { isBaseline: false }),
    ),
    row("action rerunSubmissionAction", MANAGERS, async (actor, db) =>
      rerunSubmission(db, boss, actor, await spareSubmissionId(db)),
    ),
    row("action rerunTrackAction", MANAGERS, (actor, db) => rerunTrack(db, boss, actor, world.track.id)),
    row("page /runners (queueOverview)", ["UNAUTHENTICATED", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "ok"], (actor, db) =>
      queueOverview(db, actor),
    ),
    row(
      "page /runners (listRunners; visitors are sent to sign in)",
      ["skip", "FORBIDDEN", "FORBIDDEN", "ok", "ok", "ok"],
      (actor, db) => listRunners(db, actor!),
    ),
    // Team-side surfaces built by others, walked with the same actors.
    row(
      "action register (registerTeam for the member's team)",
      ["UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      (actor, db) => registerTeam(db, actor, slug(), { teamId: world.teamId, acceptRules: true }),
    ),
    row("page /submissions/[id] (getSubmission)", TEAM_PRIVATE, (actor, db) => getSubmission(db, actor, submissionId)),
    row(
      "page /submissions/[id] timeline (listEvaluationEvents)",
      ["skip", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "ok"],
      (actor, db) => listEvaluationEvents(db, actor!, evaluationId),
    ),
    row(
      "action cancel an evaluation (cancelEvaluation)",
      ["skip", "ok", "NOT_FOUND", "ok", "NOT_FOUND", "ok"],
      async (actor, db) => {
        const { evaluationId: fresh } = await enqueueEvaluation(db, boss, {
          submissionId: await spareSubmissionId(db),
        });
        return cancelEvaluation(db, boss, actor!, fresh);
      },
    ),
    row(
      "route submit, before the upload is read (resolveSubmissionTarget for the member's team)",
      ["UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      (actor, db) =>
        resolveSubmissionTarget(db, actor, slug(), { teamId: world.teamId, name: "tiny", trackIds: [world.track.id] }),
    ),
    row(
      "route submit to a track of another competition",
      ["UNAUTHENTICATED", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      async (actor, db) => {
        const [foreign] = await db
          .insert(tracks)
          .values({
            competitionId: world.otherCompetition.id,
            taskId: world.track.taskId,
            hardwareProfileId: "cpu-1t",
            title: "Foreign",
          })
          .onConflictDoNothing()
          .returning({ id: tracks.id });
        const foreignId =
          foreign?.id ??
          (
            await db.select({ id: tracks.id }).from(tracks).where(eq(tracks.competitionId, world.otherCompetition.id))
          )[0]!.id;
        return resolveSubmissionTarget(db, actor, slug(), {
          teamId: world.teamId,
          name: "tiny",
          trackIds: [foreignId],
        });
      },
    ),
    row(
      "page register (listMyTeamsForCompetition; a visitor has no teams to list)",
      ["ok", "ok", "ok", "ok", "ok", "ok"],
      (actor, db) => listMyTeamsForCompetition(db, actor, slug()),
    ),
    row(
      "page board: a track under another competition's address (getBoard)",
      ["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      (actor, db) => getBoard(db, actor, { competitionSlug: world.otherCompetition.slug, trackId: world.track.id }),
    ),
    row("page my submissions (listMySubmissions)", ["UNAUTHENTICATED", "ok", "ok", "ok", "ok", "ok"], (actor, db) =>
      listMySubmissions(db, actor),
    ),
    row(
      "action create API token for the member's team",
      ["UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      (actor, db) => createApiToken(db, actor, { teamId: world.teamId, name: "laptop" }),
    ),
    row(
      "action revoke the member's API token (revokeApiToken)",
      ["UNAUTHENTICATED", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      async (actor, db) => {
        const { entry } = await createApiToken(db, world.memberId, { teamId: world.teamId, name: `t-${unique()}` });
        return revokeApiToken(db, actor, entry.id);
      },
    ),
    row(
      "page API tokens of the member's team (listApiTokens)",
      ["NOT_FOUND", "ok", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
      (actor, db) => listApiTokens(db, actor, world.teamId),
    ),
  ];
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "authorization-matrix-"));
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  world = await createCompetitionWorld(testDb.db);
  await updateCompetition(testDb.db, world.adminId, world.competition.id, { status: "open", visibility: "public" });
  await testDb.db
    .insert(phases)
    .values({ competitionId: world.competition.id, name: "Now", startsAt: at(-3650), endsAt: at(-1) });
  await testDb.db
    .insert(competitionRegistrations)
    .values({ competitionId: world.competition.id, teamId: world.teamId, rulesSha256: "0".repeat(64) });
  submissionId = await spareSubmissionId(testDb.db);
  evaluationId = (await enqueueEvaluation(testDb.db, boss, { submissionId })).evaluationId;
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await rm(folder, { recursive: true, force: true });
});

describe("authorization matrix", () => {
  it("every entry point answers every actor as the rules say", async () => {
    const mismatches: string[] = [];
    for (const entry of rows()) {
      for (const actor of ACTOR_NAMES) {
        const expected = entry.expected[actor];
        if (expected === "skip") continue;
        const outcome = await entry.call(actorIdOf(world, actor), testDb.db).then(
          () => "ok",
          (error: unknown) => {
            if (isAppError(error)) return error.code;
            throw error;
          },
        );
        if (outcome !== expected) mismatches.push(`${entry.surface} as ${actor}: expected ${expected}, got ${outcome}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
