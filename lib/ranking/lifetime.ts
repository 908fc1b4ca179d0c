/**
 * What a model costs over a deployment a visitor describes: inference usually dominates a deployed model's
 * energy (Patterson et al. 2021, "Carbon Emissions and Large Neural Network Training"; Luccioni et al. 2024,
 * "Power Hungry Processing"), so the board can rank by lifetime energy instead of energy per query, with the
 * team's declared training energy added.
 */
export interface DeploymentAssumptions {
  queriesPerDay: number;
  years: number;
  gridGramsPerKwh: number;
}

/**
 * Defaults, stated on the page: a million queries a day (a modest production text classifier), for two years
 * (a common model refresh cycle), at the world's average grid intensity in 2023 (Ember, Global Electricity Review
 * 2024: 481 gCO2e/kWh, the figure the runner's estimates use, lib/profiles/hardware-profiles.ts).
 */
export const DEFAULT_DEPLOYMENT: DeploymentAssumptions = { queriesPerDay: 1_000_000, years: 2, gridGramsPerKwh: 481 };

const JOULES_PER_KWH = 3_600_000;
const DAYS_PER_YEAR = 365.25;

export interface LifetimeCost {
  queries: number;
  inferenceKwh: number;
  /** Null when the team declared none: shown as missing, never taken as zero. */
  trainingKwh: number | null;
  /** Inference plus declared training; inference alone when training is undeclared. */
  totalKwh: number;
  carbonKg: number;
}

export function lifetimeQueries(assumptions: DeploymentAssumptions): number {
  return assumptions.queriesPerDay * DAYS_PER_YEAR * assumptions.years;
}

export function lifetimeCost(
  joulesPerInference: number,
  trainingKwh: number | null,
  assumptions: DeploymentAssumptions,
): LifetimeCost {
  const queries = lifetimeQueries(assumptions);
  const inferenceKwh = (joulesPerInference * queries) / JOULES_PER_KWH;
  const totalKwh = inferenceKwh + (trainingKwh ?? 0);
  return { queries, inferenceKwh, trainingKwh, totalKwh, carbonKg: (totalKwh * assumptions.gridGramsPerKwh) / 1000 };
}

export type BreakEven =
  | { kind: "immediately" }
  | { kind: "after"; queries: number; days: number }
  | { kind: "never"; reason: string }
  | { kind: "unknown"; reason: string };

export interface EnergyProfile {
  joulesPerInference: number | null;
  trainingKwh: number | null;
}

/**
 * The number of queries after which a model's extra training energy is repaid by its savings per query against
 * the track's baseline: the n where training_model + n·e_model = training_baseline + n·e_baseline.
 */
export function breakEven(model: EnergyProfile, baseline: EnergyProfile, queriesPerDay: number): BreakEven {
  if (model.joulesPerInference === null || baseline.joulesPerInference === null) {
    return { kind: "unknown", reason: "energy per inference is missing" };
  }
  if (model.trainingKwh === null) return { kind: "unknown", reason: "the team did not declare its training energy" };
  if (baseline.trainingKwh === null)
    return { kind: "unknown", reason: "the baseline's training energy is not declared" };
  const extraTrainingJoules = (model.trainingKwh - baseline.trainingKwh) * JOULES_PER_KWH;
  const savingPerQuery = baseline.joulesPerInference - model.joulesPerInference;
  if (extraTrainingJoules <= 0 && savingPerQuery >= 0) return { kind: "immediately" };
  if (savingPerQuery <= 0)
    return { kind: "never", reason: "it uses at least as much energy per query as the baseline" };
  const queries = extraTrainingJoules / savingPerQuery;
  return { kind: "after", queries, days: queries / queriesPerDay };
}
