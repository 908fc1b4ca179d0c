/**
 * Pareto fronts of quality (higher is better) against a cost (energy or latency, lower is better). An entry is on
 * the front when no other entry is at least as good on both axes and strictly better on one. The "pareto" ranking
 * rule ranks by successive fronts (non-dominated sorting, Deb et al. 2002, NSGA-II): the front is rank 1, the
 * front of what remains rank 2, and so on; entries on one front share its rank.
 */
export interface ParetoPoint {
  id: string;
  quality: number;
  cost: number;
}

function dominates(a: ParetoPoint, b: ParetoPoint): boolean {
  return a.quality >= b.quality && a.cost <= b.cost && (a.quality > b.quality || a.cost < b.cost);
}

/** Ids of the non-dominated points, ordered by cost (the order the front is drawn in). */
export function paretoFront(points: readonly ParetoPoint[]): string[] {
  return points
    .filter((point) => !points.some((other) => other !== point && dominates(other, point)))
    .sort((a, b) => a.cost - b.cost || b.quality - a.quality || a.id.localeCompare(b.id))
    .map((point) => point.id);
}

/** Successive fronts, best first. Quadratic per front: boards rank at most a few thousand team bests. */
export function paretoFronts(points: readonly ParetoPoint[]): string[][] {
  const fronts: string[][] = [];
  let remaining = [...points];
  while (remaining.length > 0) {
    const front = paretoFront(remaining);
    fronts.push(front);
    const onFront = new Set(front);
    remaining = remaining.filter((point) => !onFront.has(point.id));
  }
  return fronts;
}
