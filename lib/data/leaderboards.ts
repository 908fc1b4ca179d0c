/**
 * Boards for the pages, the JSON/CSV exports and the badges, with authorization inside:
 * - the competition must be visible to the actor (lib/data/competition-access.ts: NOT_FOUND otherwise);
 * - visitors and teams see finished, not hidden, not disqualified submissions, on the split the board ranks on:
 *   the public part until the private part is revealed (lib/ranking/ranking-split.ts), never the other;
 * - the competition's organizers and site admins also see what is hidden, disqualified, failed or unfinished
 *   (unranked, with the reason), and may look at the private part before it is revealed.
 * Entries are returned unranked: the callers rank them with lib/ranking (the page re-ranks in the browser).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { boardVersions, competitions, tasks, tracks, type Competition, type Phase, type Track } from "../../db/schema";
import { AppError } from "../errors";
import {
  prepareBoard,
  ALL_SUBMISSIONS_PAGE_LIMIT,
  type BoardScope,
  type PreparedBoard,
} from "../ranking/prepare-board";
import { rankingSplit, type RankingSplit } from "../ranking/ranking-split";
import type { BoardEntry, TrackRules } from "../ranking/types";
import { StaleWhileRevalidateCache } from "./board-cache";
import { accessToCompetition, competitionNotFound, type ActorId } from "./competition-access";
import { toBoardEntries, type LeaderboardRow } from "./leaderboard-entry";

export interface BoardTrack {
  id: string;
  title: string;
  taskTitle: string;
  hardwareProfileId: string;
  outOfDomainSplit: string | null;
  rules: TrackRules;
}

export interface Board {
  competition: { slug: string; title: string };
  track: BoardTrack;
  split: RankingSplit;
  /** Whether the private part is public yet (it may be shown earlier to organizers only). */
  privateRevealed: boolean;
  viewerCanManage: boolean;
  entries: BoardEntry[];
  generatedAt: string;
}

export interface BoardRequest {
  competitionSlug: string;
  trackId: string;
  /** Organizers and admins may ask for the private part before it is revealed; everyone else gets FORBIDDEN. */
  split?: RankingSplit;
  now?: Date;
}

export const trackNotOnBoard = () => new AppError("NOT_FOUND", "Track not found.");

export async function getBoard(db: Database, actorId: ActorId, request: BoardRequest): Promise<Board> {
  const { board, canManage } = await boardFrame(db, actorId, request);
  const rows = await boardRows(db, board.track.id, board.split, canManage);
  return { ...board, entries: toBoardEntries(rows, board.track.rules.qualityMetric) };
}

export interface PreparedBoardView {
  board: Omit<Board, "entries">;
  /** Every entry the viewer may see (for the model page's standing and the star bands). */
  entries: BoardEntry[];
  prepared: PreparedBoard;
  /** Keeps something derived from this view (e.g. the serialized JSON export) for as long as the view is cached. */
  memo: <T>(name: string, compute: () => T) => T;
}

interface CachedBoard {
  entries: BoardEntry[];
  generatedAt: string;
  /** Each scope's ranked view of these entries, computed on first use. */
  views: Map<string, PreparedBoard>;
  derived: Map<string, unknown>;
}

const cachedBoards = new StaleWhileRevalidateCache<CachedBoard>();

/**
 * The board ranked for a scope, as the pages and exports show it. Authorization and the split are decided on
 * every request; the ranked board itself is computed at most once per few seconds per process and per viewer
 * class (lib/data/board-cache.ts), which is what keeps a board of 100,000 submissions fast.
 */
export async function getPreparedBoard(
  db: Database,
  actorId: ActorId,
  request: BoardRequest & { scope: BoardScope; limit?: number },
): Promise<PreparedBoardView> {
  const { board, canManage } = await boardFrame(db, actorId, request);
  const limit = request.limit ?? ALL_SUBMISSIONS_PAGE_LIMIT;
  // The quality metric is in the key: entries carry the metric's value, and a track's rules are not covered by
  // its board version (they are read on every request, with the frame).
  const key = JSON.stringify([board.track.id, board.split, canManage, board.track.rules.qualityMetric]);
  const cached = await cachedBoards.get(
    key,
    async () => {
      const rows = await boardRows(db, board.track.id, board.split, canManage);
      const entries = toBoardEntries(rows, board.track.rules.qualityMetric);
      return { entries, generatedAt: new Date().toISOString(), views: new Map(), derived: new Map() };
    },
    () => boardVersion(db, board.track.id),
  );
  const viewKey = JSON.stringify([request.scope, limit, board.track.rules]);
  let prepared = cached.views.get(viewKey);
  if (!prepared) {
    prepared = prepareBoard(cached.entries, board.track.rules, request.scope, limit);
    cached.views.set(viewKey, prepared);
  }
  const memo = <T>(name: string, compute: () => T): T => {
    const derivedKey = `${viewKey}|${name}`;
    if (!cached.derived.has(derivedKey)) cached.derived.set(derivedKey, compute());
    return cached.derived.get(derivedKey) as T;
  };
  return { board: { ...board, generatedAt: cached.generatedAt }, entries: cached.entries, prepared, memo };
}

/**
 * Who may see the board and on which split, from one query (competition, track, task and phases): the frame is
 * read on every request, so its cost is paid by every visitor, while the board itself is cached.
 */
async function boardFrame(
  db: Database,
  actorId: ActorId,
  request: BoardRequest,
): Promise<{ board: Omit<Board, "entries">; canManage: boolean }> {
  const [row] = (await db.execute(sql`
    select c.id as competition_id, c.slug, c.title as competition_title, c.status, c.visibility,
      case when t.id is not null then json_build_object('id', t.id, 'title', t.title, 'hardwareProfileId', t.hardware_profile_id,
        'rankingRule', t.ranking_rule, 'qualityMetric', t.quality_metric, 'qualityThreshold', t.quality_threshold,
        'rankedEnergyKind', t.ranked_energy_kind, 'taskTitle', k.title, 'outOfDomainSplit', k.out_of_domain_split) end as track,
      coalesce((select json_agg(json_build_object('kind', p.kind, 'endsAt', p.ends_at, 'revealPrivate', p.reveal_private))
        from phases p where p.competition_id = c.id), '[]'::json) as phases
    from competitions c
    left join tracks t on t.competition_id = c.id and t.id = ${request.trackId}
    left join tasks k on k.id = t.task_id
    where c.slug = ${request.competitionSlug}
  `)) as unknown as BoardFrameRow[];
  if (!row) throw competitionNotFound();
  const access = await accessToCompetition(db, actorId, {
    id: row.competition_id,
    status: row.status,
    visibility: row.visibility,
  });
  if (row.track === null) throw trackNotOnBoard();
  const phaseRows = row.phases.map((phase) => ({ ...phase, endsAt: new Date(phase.endsAt) }));
  const revealedSplit = rankingSplit(phaseRows, request.now ?? new Date());
  const split = request.split ?? revealedSplit;
  if (split === "private" && revealedSplit !== "private" && !access.canManage) {
    throw new AppError("FORBIDDEN", "The private part of the test set is not revealed until the final phase ends.");
  }
  return {
    canManage: access.canManage,
    board: {
      competition: { slug: row.slug, title: row.competition_title },
      track: toBoardTrack(row.track),
      split,
      privateRevealed: revealedSplit === "private",
      viewerCanManage: access.canManage,
      generatedAt: new Date().toISOString(),
    },
  };
}

interface BoardFrameRow {
  competition_id: string;
  slug: string;
  competition_title: string;
  status: Competition["status"];
  visibility: Competition["visibility"];
  /** Null when the competition has no such track (a left join). */
  track: BoardTrackFields | null;
  phases: { kind: Phase["kind"]; endsAt: string; revealPrivate: boolean }[];
}

export async function boardTrack(db: Database, competitionId: string, trackId: string): Promise<BoardTrack> {
  const [row] = await db
    .select({ track: tracks, taskTitle: tasks.title, outOfDomainSplit: tasks.outOfDomainSplit })
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(and(eq(tracks.id, trackId), eq(tracks.competitionId, competitionId)));
  if (!row) throw trackNotOnBoard();
  return toBoardTrack({ ...row.track, taskTitle: row.taskTitle, outOfDomainSplit: row.outOfDomainSplit });
}

type BoardTrackFields = Pick<
  Track,
  "id" | "title" | "hardwareProfileId" | "rankingRule" | "qualityMetric" | "qualityThreshold" | "rankedEnergyKind"
> & {
  taskTitle: string;
  outOfDomainSplit: string | null;
};

function toBoardTrack(fields: BoardTrackFields): BoardTrack {
  return {
    id: fields.id,
    title: fields.title,
    taskTitle: fields.taskTitle,
    hardwareProfileId: fields.hardwareProfileId,
    outOfDomainSplit: fields.outOfDomainSplit,
    rules: {
      rule: fields.rankingRule,
      qualityMetric: fields.qualityMetric,
      qualityThreshold: fields.qualityThreshold,
      rankedEnergyKind: fields.rankedEnergyKind,
    },
  };
}

/** The track's board version (db/schema/board-versions.ts): it moves whenever something the board shows changes. */
export async function boardVersion(db: Database, trackId: string): Promise<string> {
  const [row] = await db
    .select({ version: boardVersions.version })
    .from(boardVersions)
    .where(eq(boardVersions.trackId, trackId));
  return String(row?.version ?? 0);
}

/** The competition slug a track belongs to, for permalinks that only know the track. */
export async function competitionSlugOfTrack(db: Database, trackId: string): Promise<string | null> {
  const [row] = await db
    .select({ slug: competitions.slug })
    .from(tracks)
    .innerJoin(competitions, eq(competitions.id, tracks.competitionId))
    .where(eq(tracks.id, trackId));
  return row?.slug ?? null;
}

/**
 * One row per counted measurement of each submission on the track: every finished evaluation under the protocol
 * of its latest finished one (lib/ranking/repeated-measurements.ts, countedMeasurements: the same rule), combined
 * into one entry by toBoardEntries; else, for organizers, the latest evaluation of any state. A re-run in progress
 * does not take a published result off the board. Visitors' rows are filtered in SQL, so what they may not see
 * never leaves the database.
 */
async function boardRows(
  db: Database,
  trackId: string,
  split: RankingSplit,
  includeModerated: boolean,
): Promise<LeaderboardRow[]> {
  const rows = await db.execute(boardRowsQuery(trackId, split, includeModerated));
  return rows as unknown as LeaderboardRow[];
}

/**
 * The board's query, exported for the benchmark's EXPLAIN ANALYZE (tools/bench/web-benchmark.ts). Whatever it reads
 * must raise the track's board version when it changes (the triggers of migration 0009), or cached boards keep
 * showing the old value.
 */
export function boardRowsQuery(trackId: string, split: RankingSplit, includeModerated: boolean) {
  const visibility = includeModerated
    ? sql`true`
    : // A result the audit split flagged waits for an organizer's review (lib/tasks/audit-review.ts) before it is ranked.
      sql`s.hidden = false and s.disqualified_reason is null and s.state <> 'withdrawn' and counted.state = 'finished'`;
  return sql`
    with ordered as (
      -- One pass over the track's evaluations: each carries its submission's first one in the counting order (the
      -- latest finished, else the latest), and that one's state and protocol.
      select e.submission_id, e.id, e.state, e.created_at, e.versions ->> 'protocol' as protocol,
        first_value(e.id) over latest_first as latest_id,
        first_value(e.state) over latest_first as latest_state,
        first_value(e.versions ->> 'protocol') over latest_first as latest_protocol
      from evaluations e
      join submissions s on s.id = e.submission_id
      where s.track_id = ${trackId} and ${includeModerated ? sql`true` : sql`e.state = 'finished'`}
      window latest_first as (partition by e.submission_id order by (e.state = 'finished') desc, e.created_at desc)
    ),
    counted as (
      select submission_id, id, state, created_at
      from ordered
      where id = latest_id or (latest_state = 'finished' and state = 'finished' and protocol is not distinct from latest_protocol)
    )
    select * from (
    select s.id as submission_id, s.team_id, tm.name as team_name, s.name as model_name, s.created_at, s.is_baseline,
      s.state as submission_state, s.hidden, s.disqualified_reason, s.disclosures -> 'trainingEnergyKwh' as training_energy_kwh,
      counted.state as evaluation_state, counted.created_at as evaluation_created_at, r.metrics, ood.metrics as ood_metrics,
      r.latency_p50_ms, r.latency_p90_ms, r.latency_p50_ci_low_ms, r.latency_p50_ci_high_ms,
      r.latency_p90_ci_low_ms, r.latency_p90_ci_high_ms, r.throughput_per_second,
      r.energy_joules_per_inference, r.energy_ci_low_joules_per_inference as energy_ci_low, r.energy_ci_high_joules_per_inference as energy_ci_high,
      r.energy_method, r.energy_kind, r.held_for_review,
      -- Results written before the runner had interval columns keep them in details only (read only for those).
      case when r.latency_p90_ci_low_ms is null then r.details -> 'latency' -> 'p90CiMs' end as latency_p90_ci_json,
      case when r.energy_ci_low_joules_per_inference is null then r.details -> 'energy' -> 'ciJoulesPerInference' end as energy_ci_json,
      r.carbon_grams_per_thousand, r.peak_rss_bytes, r.noisy,
      r.model_facts -> 'parameters' as parameters, r.model_facts -> 'sparsity' as sparsity,
      r.model_facts -> 'precisionMix' as precision_mix, r.model_facts -> 'fileSizeBytes' as file_size_bytes,
      r.model_facts -> 'macsPerExample' -> 'total' as macs_per_example,
      -- A held measurement holds the whole submission (any of its counted ones), as combineMeasurements does.
      bool_or(coalesce(r.held_for_review, false)) over (partition by s.id) as submission_held,
      r.details -> 'benchmark' -> 'energyJoules' as benchmark_energy_joules, r.details -> 'benchmark' -> 'energyInterval' as benchmark_energy_interval
    from submissions s
    join teams tm on tm.id = s.team_id
    left join counted on counted.submission_id = s.id
    left join results r on r.evaluation_id = counted.id and r.split = ${split}
    left join lateral (
      select o.metrics from results o where o.evaluation_id = counted.id and o.split like 'ood%' order by o.split limit 1
    ) ood on true
    where s.track_id = ${trackId} and ${visibility}
    ) board_rows
    where ${includeModerated ? sql`true` : sql`not submission_held`}
  `;
}
