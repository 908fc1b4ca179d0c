/**
 * Shared ranks from measurement intervals. Two entries whose intervals overlap cannot be told apart by this
 * measurement, so they share a rank instead of being ordered by noise (the same reasoning as MLPerf's and
 * Dynabench's refusal to separate results within run-to-run variation).
 *
 * Entries are first sorted by their point figure. A tie group starts at an entry (its leader); each following
 * entry joins the group while its interval overlaps the leader's. Comparing with the leader rather than with the
 * previous entry stops chains (A overlaps B, B overlaps C, A clearly beats C) from tying a whole board together.
 * An entry without an interval is only tied with an exactly equal figure: a missing interval is never invented.
 */
import type { Interval } from "./types";

export interface TieCandidate {
  id: string;
  value: number;
  interval: Interval | null;
}

export interface TieAssignment {
  id: string;
  rank: number;
  /** Up to TIED_WITH_LISTED of the others sharing the rank (a tie among thousands is not listed in full). */
  tiedWith: string[];
  /** How many others share the rank. */
  tiedCount: number;
}

/** Ids listed per tie: enough to say who, without making ties among thousands of entries quadratic. */
export const TIED_WITH_LISTED = 20;

/** The tie fields of each member of a group that shares one rank. */
export function tiesWithin(ids: readonly string[]): { tiedWith: string[]; tiedCount: number }[] {
  const listed = ids.slice(0, TIED_WITH_LISTED + 1);
  return ids.map((id) => ({
    tiedWith: listed.filter((other) => other !== id).slice(0, TIED_WITH_LISTED),
    tiedCount: ids.length - 1,
  }));
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

function sameUncertainty(leader: TieCandidate, other: TieCandidate): boolean {
  if (leader.value === other.value) return true;
  if (!leader.interval || !other.interval) return false;
  return intervalsOverlap(leader.interval, other.interval);
}

/**
 * Ranks candidates, best first by `direction` ("lower" is better for energy and latency). Ranks are competition
 * ranks: a group of three sharing rank 2 is followed by rank 5.
 */
export function rankWithTies(candidates: readonly TieCandidate[], direction: "lower" | "higher"): TieAssignment[] {
  const sign = direction === "lower" ? 1 : -1;
  const sorted = [...candidates].sort((a, b) => sign * (a.value - b.value) || a.id.localeCompare(b.id));
  return groupRanks(sorted, sameUncertainty);
}

/** Competition ranks over an already sorted list: each entry joins its group's leader when `same` says so. */
export function groupRanks<T extends { id: string }>(
  sorted: readonly T[],
  same: (leader: T, other: T) => boolean,
): TieAssignment[] {
  const groups: T[][] = [];
  for (const candidate of sorted) {
    const group = groups.at(-1);
    if (group && same(group[0]!, candidate)) group.push(candidate);
    else groups.push([candidate]);
  }
  const assignments: TieAssignment[] = [];
  let position = 1;
  for (const group of groups) {
    const ties = tiesWithin(group.map((member) => member.id));
    group.forEach((member, index) => assignments.push({ id: member.id, rank: position, ...ties[index]! }));
    position += group.length;
  }
  return assignments;
}
