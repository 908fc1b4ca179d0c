/**
 * Figures for people: a value in an SI unit, scaled with an SI prefix and printed with three significant digits,
 * never in exponent notation. One module for the board, charts, model and submission pages, badge, CLI and the
 * exports' human columns, so a figure reads the same everywhere (exports keep raw SI values in their own columns).
 */

export interface SiPrefix {
  symbol: string;
  /** The power of ten the prefix stands for: µ is -6. */
  exponent: number;
}

/** From femto to peta: enough for energies of 1e-15 Wh up to 1e15 Wh without falling back to exponents. */
export const SI_PREFIXES: readonly SiPrefix[] = [
  { symbol: "f", exponent: -15 },
  { symbol: "p", exponent: -12 },
  { symbol: "n", exponent: -9 },
  { symbol: "µ", exponent: -6 },
  { symbol: "m", exponent: -3 },
  { symbol: "", exponent: 0 },
  { symbol: "k", exponent: 3 },
  { symbol: "M", exponent: 6 },
  { symbol: "G", exponent: 9 },
  { symbol: "T", exponent: 12 },
  { symbol: "P", exponent: 15 },
];

const UNIT_PREFIX: SiPrefix = { symbol: "", exponent: 0 };
export const MISSING_FIGURE = "—";

/**
 * One formatter per digit count for the process: building an Intl.NumberFormat per figure was a third of a board
 * page's server time. Significant digits, grouped thousands, and never scientific notation.
 */
const formatters = new Map<number, Intl.NumberFormat>();
function significantFormatter(digits: number): Intl.NumberFormat {
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", {
      maximumSignificantDigits: digits,
      minimumSignificantDigits: digits,
      notation: "standard",
    });
    formatters.set(digits, formatter);
  }
  return formatter;
}

/** Three significant digits (by default) in plain notation: 0.00154, 15.4, 1,540. */
export function formatSignificant(value: number, digits = 3): string {
  if (value === 0) return "0";
  return significantFormatter(digits).format(value);
}

/**
 * The prefix that puts a value between 1 and 1,000 (the last or first prefix beyond the table's ends). Rounding is
 * taken into account, so 999.7 µ becomes 1.00 m rather than "1,000 µ".
 */
export function prefixFor(value: number, digits = 3): SiPrefix {
  if (!Number.isFinite(value) || value === 0) return UNIT_PREFIX;
  const rounded = Number(Math.abs(value).toPrecision(digits));
  const thousands = Math.floor(Math.log10(rounded) / 3);
  const exponent = Math.min(Math.max(thousands * 3, -15), 15);
  return SI_PREFIXES.find((prefix) => prefix.exponent === exponent) ?? UNIT_PREFIX;
}

/**
 * One prefix for a column or an axis, so that figures side by side compare at a glance: the prefix of the median
 * magnitude. Values far from it still print without exponents (0.0123 µWh, 12,300 µWh).
 */
export function sharedPrefixFor(values: readonly (number | null | undefined)[]): SiPrefix {
  const magnitudes = values
    .filter((value): value is number => typeof value === "number" && Number.isFinite(value) && value !== 0)
    .map(Math.abs)
    .sort((a, b) => a - b);
  if (magnitudes.length === 0) return UNIT_PREFIX;
  return prefixFor(magnitudes[Math.floor((magnitudes.length - 1) / 2)] as number);
}

export interface SiFormatOptions {
  /** Significant digits; 3 by default. */
  digits?: number;
  /** A fixed prefix (a column's shared one); by default each value gets its own. */
  prefix?: SiPrefix;
}

/** The number alone, scaled to the prefix: 1.54e-5 with µ gives "15.4". Missing values print as a dash. */
export function formatScaled(value: number | null | undefined, options: SiFormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_FIGURE;
  const digits = options.digits ?? 3;
  const prefix = options.prefix ?? prefixFor(value, digits);
  return formatSignificant(value / 10 ** prefix.exponent, digits);
}

/** A value with its unit: formatSi(1.54e-5, "Wh") is "15.4 µWh". */
export function formatSi(value: number | null | undefined, unit: string, options: SiFormatOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_FIGURE;
  const digits = options.digits ?? 3;
  const prefix = options.prefix ?? prefixFor(value, digits);
  return `${formatScaled(value, { digits, prefix })} ${prefix.symbol}${unit}`;
}
