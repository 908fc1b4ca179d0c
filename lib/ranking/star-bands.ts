/**
 * A 1-5 star energy rating per track, in the manner of Hugging Face's AI Energy Score
 * (https://huggingface.github.io/AIEnergyScore/): the range between the track's lowest and highest energy per
 * inference is cut into five bands of equal width; the lowest-energy band earns 5 stars, the highest 1. The
 * bands are relative to the track's ranked entries of one energy kind, so a star is a statement about this track,
 * not an absolute label, and the page states the bands beside the stars. Only ranked entries get stars and only
 * they shape the bands: a model below the quality bar would otherwise wear five stars for being cheap and wrong,
 * and its low energy would stretch the bands against the models that do the task.
 */
import type { EnergyKind, RankedEntry } from "./types";
export interface StarBand {
  stars: 1 | 2 | 3 | 4 | 5;
  /** Joules per inference, inclusive at both ends (neighbouring bands share a boundary; the better band wins). */
  fromJoules: number;
  toJoules: number;
}

const BAND_COUNT = 5;

/** The bands, 5 stars first; empty when no energy figure exists. */
export function starBands(energiesJoules: readonly number[]): StarBand[] {
  const finite = energiesJoules.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return [];
  // A loop, not Math.min(...values): a board of 100,000 entries would overflow the call stack's argument limit.
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const value of finite) {
    if (value < lowest) lowest = value;
    if (value > highest) highest = value;
  }
  const width = (highest - lowest) / BAND_COUNT;
  return Array.from({ length: BAND_COUNT }, (_, index) => ({
    stars: (BAND_COUNT - index) as StarBand["stars"],
    fromJoules: lowest + width * index,
    toJoules: index === BAND_COUNT - 1 ? highest : lowest + width * (index + 1),
  }));
}

/** Stars for one figure against the bands; null when the figure or the bands are missing. */
export function starsFor(energyJoules: number | null, bands: readonly StarBand[]): StarBand["stars"] | null {
  if (energyJoules === null || bands.length === 0) return null;
  const band = bands.find((candidate) => energyJoules <= candidate.toJoules);
  // Above the highest band (a figure that was not part of the range): the worst rating.
  return band?.stars ?? 1;
}

/**
 * Stars for one row of a board: none for a row outside the ranked section (below the quality bar, failed,
 * unfinished, an energy of the other kind...), whatever its energy. Every page, export and badge asks here.
 */
export function starsForRow(
  row: RankedEntry,
  bands: readonly StarBand[],
  rankedEnergyKind: EnergyKind,
): StarBand["stars"] | null {
  if (row.section !== "ranked" || row.entry.energyKind !== rankedEnergyKind) return null;
  return starsFor(row.entry.energyJoulesPerInference, bands);
}
