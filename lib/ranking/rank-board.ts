/**
 * A board's standings under its track's rule. Pure: the server ranks with it, and the page re-ranks with it in
 * the browser when a visitor moves the composite weights or the lifetime assumptions.
 *
 * Rules (the track chooses one; docs/methodology.md explains them to visitors):
 * - energy-at-threshold (default, SustaiNLP 2020's efficiency track): among entries whose quality reaches the
 *   threshold, the lowest energy per inference wins; entries below the threshold are listed apart, unranked.
 * - latency-p90: the same with latency p90 in place of energy.
 * - quality: highest quality first, equal quality ordered by energy.
 * - pareto: successive Pareto fronts of quality against energy.
 * - composite: a weighted composite of normalized metrics (./composite.ts).
 * A visitor may also re-rank any board by lifetime energy (./lifetime.ts), threshold applied.
 * Only finished entries rank, and only energy of the track's kind (measured or estimated) is ranked.
 */
import { compositeScores, DEFAULT_COMPOSITE_WEIGHTS, type CompositeWeights } from "./composite";
import { lifetimeCost, type DeploymentAssumptions } from "./lifetime";
import { paretoFronts } from "./pareto";
import { groupRanks, intervalsOverlap, rankWithTies, tiesWithin, type TieAssignment } from "./ties";
import type { BoardEntry, EntryStatus, RankedEntry, TrackRules } from "./types";

export interface RankOptions {
  compositeWeights?: CompositeWeights;
  /** When given, rank by lifetime energy for this deployment instead of the track's rule. */
  lifetime?: DeploymentAssumptions;
}

const STATUS_REASON: Record<Exclude<EntryStatus, "finished">, string> = {
  unfinished: "Not finished: the evaluation is still queued or running.",
  failed: "The evaluation failed.",
  cancelled: "The evaluation was cancelled.",
  withdrawn: "Withdrawn by the team.",
  disqualified: "Disqualified by the organizers.",
  hidden: "Hidden from the public board by the organizers.",
  "held-for-review": "Held for the organizers' review: its audit-split score fell too far below its test score.",
};

const TIE_REASON = {
  energy: "Energy intervals overlap: the repeats cannot tell these entries apart, so they share a rank.",
  latency: "Latency p90 intervals overlap: the repeats cannot tell these entries apart, so they share a rank.",
  quality: "Equal quality, and energy intervals that overlap.",
  pareto: "On the same Pareto front: neither beats the other on both quality and energy.",
  composite: "Equal composite score.",
  lifetime: "Lifetime energy intervals overlap: the repeats cannot tell these entries apart.",
} as const;

export function rankBoard(entries: readonly BoardEntry[], track: TrackRules, options: RankOptions = {}): RankedEntry[] {
  const unranked: RankedEntry[] = [];
  const belowThreshold: RankedEntry[] = [];
  const candidates: BoardEntry[] = [];
  const usesThreshold =
    options.lifetime !== undefined || track.rule === "energy-at-threshold" || track.rule === "latency-p90";
  const weights = options.compositeWeights ?? DEFAULT_COMPOSITE_WEIGHTS;
  const needsEnergy =
    options.lifetime !== undefined ||
    track.rule === "energy-at-threshold" ||
    track.rule === "pareto" ||
    track.rule === "quality" ||
    (track.rule === "composite" && weights.energy > 0);

  for (const entry of entries) {
    const reason = exclusionReason(entry, track, needsEnergy, track.rule === "latency-p90" && !options.lifetime);
    if (reason) {
      unranked.push(outside(entry, "unranked", reason));
    } else if (usesThreshold && track.qualityThreshold !== null && entry.quality! < track.qualityThreshold) {
      belowThreshold.push(
        outside(
          entry,
          "below-threshold",
          `Below the quality threshold (${track.qualityMetric} ${track.qualityThreshold}).`,
        ),
      );
    } else {
      candidates.push(entry);
    }
  }

  const { assignments, tieReason, unscored, values } = rankCandidates(candidates, track, options, weights);
  const byId = new Map(candidates.map((entry) => [entry.submissionId, entry]));
  const ranked: RankedEntry[] = assignments.map((assignment) => ({
    entry: byId.get(assignment.id)!,
    section: "ranked",
    rank: assignment.rank,
    tiedWith: assignment.tiedWith,
    tiedCount: assignment.tiedCount,
    tieReason: assignment.tiedCount > 0 ? tieReason : null,
    unrankedReason: null,
    ...(values?.has(assignment.id) ? { rankingValue: values.get(assignment.id)! } : {}),
  }));
  for (const [id, reason] of unscored) unranked.push(outside(byId.get(id)!, "unranked", reason));

  belowThreshold.sort(
    (a, b) =>
      (b.entry.quality ?? 0) - (a.entry.quality ?? 0) || a.entry.submissionId.localeCompare(b.entry.submissionId),
  );
  return [...ranked, ...belowThreshold, ...unranked];
}

function exclusionReason(
  entry: BoardEntry,
  track: TrackRules,
  needsEnergy: boolean,
  needsLatency: boolean,
): string | null {
  if (entry.status !== "finished") return STATUS_REASON[entry.status];
  if (entry.quality === null) return `No ${track.qualityMetric} score on the split this board ranks on.`;
  if (needsEnergy) {
    if (entry.energyJoulesPerInference === null) return "Energy could not be measured for this run.";
    const kind = entry.energyKind;
    if (kind !== track.rankedEnergyKind) {
      return `Its energy is ${kind ?? "of unknown method"}; this track ranks ${track.rankedEnergyKind} energy only.`;
    }
  }
  if (needsLatency && entry.latencyP90Ms === null) return "Latency p90 could not be measured for this run.";
  return null;
}

function outside(entry: BoardEntry, section: "unranked" | "below-threshold", reason: string): RankedEntry {
  return { entry, section, rank: null, tiedWith: [], tiedCount: 0, tieReason: null, unrankedReason: reason };
}

interface CandidateRanking {
  assignments: TieAssignment[];
  tieReason: string;
  /** Candidates the rule could not score, with why. */
  unscored: [string, string][];
  /** The figure each candidate was ranked by, for the views that compute one (composite, lifetime). */
  values?: Map<string, number>;
}

function rankCandidates(
  candidates: BoardEntry[],
  track: TrackRules,
  options: RankOptions,
  weights: CompositeWeights,
): CandidateRanking {
  if (options.lifetime) {
    const lifetime = options.lifetime;
    const total = (joules: number, entry: BoardEntry) =>
      lifetimeCost(joules, entry.trainingEnergyKwh, lifetime).totalKwh;
    const totals = candidates.map((entry) => ({
      id: entry.submissionId,
      value: total(entry.energyJoulesPerInference!, entry),
      interval: entry.energyInterval
        ? { low: total(entry.energyInterval.low, entry), high: total(entry.energyInterval.high, entry) }
        : null,
    }));
    const assignments = rankWithTies(totals, "lower");
    return {
      assignments,
      tieReason: TIE_REASON.lifetime,
      unscored: [],
      values: new Map(totals.map(({ id, value }) => [id, value])),
    };
  }
  switch (track.rule) {
    case "energy-at-threshold":
      return {
        assignments: rankWithTies(
          candidates.map((e) => ({
            id: e.submissionId,
            value: e.energyJoulesPerInference!,
            interval: e.energyInterval,
          })),
          "lower",
        ),
        tieReason: TIE_REASON.energy,
        unscored: [],
      };
    case "latency-p90":
      return {
        assignments: rankWithTies(
          candidates.map((e) => ({ id: e.submissionId, value: e.latencyP90Ms!, interval: e.latencyP90Interval })),
          "lower",
        ),
        tieReason: TIE_REASON.latency,
        unscored: [],
      };
    case "quality": {
      const sorted = [...candidates].sort(
        (a, b) =>
          b.quality! - a.quality! ||
          a.energyJoulesPerInference! - b.energyJoulesPerInference! ||
          a.submissionId.localeCompare(b.submissionId),
      );
      const same = (leader: BoardEntry, other: BoardEntry) =>
        leader.quality === other.quality &&
        (leader.energyJoulesPerInference === other.energyJoulesPerInference ||
          (leader.energyInterval !== null &&
            other.energyInterval !== null &&
            intervalsOverlap(leader.energyInterval, other.energyInterval)));
      return { assignments: groupRanks(sorted.map(withId), same), tieReason: TIE_REASON.quality, unscored: [] };
    }
    case "pareto": {
      const fronts = paretoFronts(
        candidates.map((e) => ({ id: e.submissionId, quality: e.quality!, cost: e.energyJoulesPerInference! })),
      );
      const assignments: TieAssignment[] = [];
      let position = 1;
      for (const front of fronts) {
        const ties = tiesWithin(front);
        front.forEach((id, index) => assignments.push({ id, rank: position, ...ties[index]! }));
        position += front.length;
      }
      return { assignments, tieReason: TIE_REASON.pareto, unscored: [] };
    }
    case "composite": {
      const scores = compositeScores(candidates, weights);
      const scored: { id: string; value: number; interval: null }[] = [];
      const unscored: [string, string][] = [];
      for (const entry of candidates) {
        const score = scores.get(entry.submissionId)!;
        if (score.score === null)
          unscored.push([entry.submissionId, `Missing for the composite: ${score.missing.join(", ")}.`]);
        else scored.push({ id: entry.submissionId, value: score.score, interval: null });
      }
      return {
        assignments: rankWithTies(scored, "higher"),
        tieReason: TIE_REASON.composite,
        unscored,
        values: new Map(scored.map(({ id, value }) => [id, value])),
      };
    }
  }
}

function withId(entry: BoardEntry): BoardEntry & { id: string } {
  return { ...entry, id: entry.submissionId };
}
