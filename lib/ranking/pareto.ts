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

/** Cheapest first; at one cost, best quality first; then by id, so the order never depends on the input's. */
function byCostThenQuality(a: ParetoPoint, b: ParetoPoint): number {
  return a.cost - b.cost || b.quality - a.quality || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Ids of the non-dominated points, ordered by cost (the order the front is drawn in). */
export function paretoFront(points: readonly ParetoPoint[]): string[] {
  return paretoFronts(points)[0] ?? [];
}

/**
 * Successive fronts, best first, each ordered by cost. Two objectives allow O(n log n) (Jensen 2003, "Reducing
 * the run-time complexity of multiobjective EAs"): in cost order, a point belongs to the first front whose
 * last member (the front's best quality so far) it beats on quality; those last qualities fall from front to
 * front, so the front is found by binary search. Exact duplicates share a front: neither strictly dominates.
 */
export function paretoFronts(points: readonly ParetoPoint[]): string[][] {
  const sorted = [...points].sort(byCostThenQuality);
  const fronts: string[][] = [];
  const lastOfFront: ParetoPoint[] = [];
  let previous: { point: ParetoPoint; front: number } | null = null;
  for (const point of sorted) {
    let front: number;
    if (previous && previous.point.cost === point.cost && previous.point.quality === point.quality) {
      front = previous.front;
    } else {
      // First front whose last quality is below this point's (none of its members is at least as good).
      let low = 0;
      let high = fronts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (lastOfFront[middle]!.quality < point.quality) high = middle;
        else low = middle + 1;
      }
      front = low;
    }
    if (front === fronts.length) fronts.push([]);
    fronts[front]!.push(point.id);
    lastOfFront[front] = point;
    previous = { point, front };
  }
  return fronts;
}
