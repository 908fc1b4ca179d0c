/**
 * "Nice" axis ticks for the board's charts, so that a reader can read a point's figure off the axis: 1, 2 and 5
 * times a power of ten, and an axis whose ends are ticks that enclose every point (no point past the last tick,
 * the lowest tick always drawn). The charts set their domain to [first tick, last tick].
 */
import { prefixFor } from "./si-quantity";

/** The nice values: 1, 2 and 5 per decade; 1.5, 3 and 7 added only when the data span less than two of those. */
const NICE_MANTISSAS: readonly number[] = [1, 2, 5];
const FINE_MANTISSAS: readonly number[] = [1, 1.5, 2, 3, 5, 7];

export interface TickOptions {
  /** Fewer ticks than this, and a finer ladder is tried (3 by default). */
  minTicks?: number;
  /** More ticks than this, and a coarser ladder (or every other decade) is used (6 by default: a phone's width). */
  maxTicks?: number;
}

/** A nice value from its mantissa and decade, parsed from text so that 2 × 10^-5 is exactly 0.00002, not 2.0000000000000002e-5. */
function niceValue(mantissa: number, decade: number): number {
  return Number(`${mantissa}e${decade}`);
}

/** Every nice value of a ladder from the largest one at or below `low` to the smallest one at or above `high`. */
function ladderTicks(ladder: readonly number[], low: number, high: number): number[] {
  const ticks: number[] = [];
  const firstDecade = Math.floor(Math.log10(low)) - 1;
  const lastDecade = Math.ceil(Math.log10(high)) + 1;
  for (let decade = firstDecade; decade <= lastDecade; decade += 1) {
    for (const mantissa of ladder) ticks.push(niceValue(mantissa, decade));
  }
  const start = ticks.findLastIndex((tick) => tick <= low);
  const end = ticks.findIndex((tick) => tick >= high);
  let chosen = ticks.slice(Math.max(start, 0), end + 1);
  // A single value that is itself nice: widen to its neighbours, so the axis has a length.
  if (chosen.length < 2) chosen = ticks.slice(Math.max(start - 1, 0), end + 2);
  return chosen;
}

/**
 * Ticks for a log axis over positive values: 1, 2, 5 × 10^k (whole decades when those are too many for the axis;
 * 1.5, 3, 7 in between when the data fit between two of them), the first at or below the smallest value and the last at or
 * above the largest. Non-positive and non-finite values are ignored (a log axis cannot show them); no value, no tick.
 */
export function niceLogTicks(values: readonly number[], options: TickOptions = {}): number[] {
  const minTicks = options.minTicks ?? 3;
  const maxTicks = options.maxTicks ?? 6;
  const usable = values.filter((value) => Number.isFinite(value) && value > 0);
  if (usable.length === 0) return [];
  const low = Math.min(...usable);
  const high = Math.max(...usable);
  const nice = ladderTicks(NICE_MANTISSAS, low, high);
  if (nice.length < minTicks) {
    const fine = ladderTicks(FINE_MANTISSAS, low, high);
    return fine.length <= maxTicks ? fine : nice;
  }
  if (nice.length <= maxTicks) return nice;
  const decades = ladderTicks([1], low, high);
  if (decades.length <= maxTicks) return decades;
  // Even whole decades are too many: every n-th decade, from the one at or below the data to one at or above it.
  const firstDecade = Math.floor(Math.log10(low) + 1e-12);
  const lastDecade = Math.ceil(Math.log10(high) - 1e-12);
  const stride = Math.ceil((lastDecade - firstDecade) / (maxTicks - 1));
  const thinned: number[] = [];
  for (let decade = firstDecade; ; decade += stride) {
    thinned.push(niceValue(1, decade));
    if (decade >= lastDecade) return thinned;
  }
}

/** The linear step sizes tried, as mantissas of a power of ten. */
const LINEAR_STEPS: readonly number[] = [1, 2, 2.5, 5];

/**
 * Ticks for a linear axis: an evenly spaced run of 1, 2, 2.5 or 5 × 10^k that encloses every value, with no more
 * than `maxTicks` ticks. When `bounds` are given (0 and 100 for a percentage), the ticks stay inside them.
 */
export function niceLinearTicks(
  values: readonly number[],
  options: TickOptions & { bounds?: [number, number] } = {},
): number[] {
  const maxTicks = options.maxTicks ?? 6;
  const usable = values.filter((value) => Number.isFinite(value));
  if (usable.length === 0) return [];
  let low = Math.min(...usable);
  let high = Math.max(...usable);
  if (low === high) {
    // One value (or all equal): an axis a little either side of it.
    const spread = low === 0 ? 1 : Math.abs(low) * 0.05;
    low -= spread;
    high += spread;
  }
  if (options.bounds) {
    low = Math.max(low, options.bounds[0]);
    high = Math.min(high, options.bounds[1]);
  }
  const roughStep = (high - low) / Math.max(maxTicks - 1, 1);
  const decade = Math.floor(Math.log10(roughStep));
  for (const candidateDecade of [decade, decade + 1]) {
    for (const mantissa of LINEAR_STEPS) {
      const step = niceValue(mantissa, candidateDecade);
      const first = Math.floor(low / step + 1e-9);
      const last = Math.ceil(high / step - 1e-9);
      if (last - first + 1 > maxTicks) continue;
      const ticks: number[] = [];
      // Multiples of the step rounded to the step's own decimals, so 0.1 × 3 prints as 0.3.
      const decimals = Math.max(0, -candidateDecade + (Number.isInteger(mantissa) ? 0 : 1));
      for (let index = first; index <= last; index += 1) ticks.push(Number((index * step).toFixed(decimals)));
      return ticks;
    }
  }
  return [low, high];
}

/** Up to three significant digits without padding zeros: a tick reads "20 µWh", not "20.0 µWh". */
const tickNumber = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3, notation: "standard" });

/** A tick's label with its own SI prefix: 2e-5 Wh is "20 µWh", 0.5 s is "500 ms"; never exponent notation. */
export function formatTickSi(value: number, unit: string): string {
  if (value === 0) return `0 ${unit}`;
  const prefix = prefixFor(value);
  return `${tickNumber.format(value / 10 ** prefix.exponent)} ${prefix.symbol}${unit}`;
}
