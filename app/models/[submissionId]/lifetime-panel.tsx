"use client";
/** Lifetime energy and carbon for a deployment the visitor describes, and the break-even against the baseline. */
import { useState } from "react";
import { formatCount } from "@/lib/format/large-count";
import { formatSi, formatSignificant } from "@/lib/format/si-quantity";
import {
  breakEven,
  DEFAULT_DEPLOYMENT,
  lifetimeCost,
  type DeploymentAssumptions,
  type EnergyProfile,
} from "@/lib/ranking/lifetime";

/** Totals over the deployment's life, in watt-hours and grams with an SI prefix (kWh × 1,000 is Wh). */
const totalEnergy = (kwh: number) => formatSi(kwh * 1000, "Wh");
const totalCarbon = (kg: number) => `${formatSi(kg * 1000, "g")} CO2e`;

export function LifetimePanel({
  model,
  baseline,
  baselineName,
}: {
  model: EnergyProfile;
  baseline: EnergyProfile | null;
  baselineName: string | null;
}) {
  const [deployment, setDeployment] = useState<DeploymentAssumptions>(DEFAULT_DEPLOYMENT);
  const cost =
    model.joulesPerInference === null ? null : lifetimeCost(model.joulesPerInference, model.trainingKwh, deployment);
  const repay = baseline ? breakEven(model, baseline, deployment.queriesPerDay) : null;
  const field = (key: keyof DeploymentAssumptions, label: string) => (
    <label className="flex flex-col text-sm">
      {label}
      <input
        type="number"
        min={0}
        value={deployment[key]}
        onChange={(event) => {
          const value = Number(event.target.value);
          if (Number.isFinite(value) && value >= 0) setDeployment({ ...deployment, [key]: value });
        }}
        className="mt-1 w-44 rounded border border-stone-400 bg-white px-2 py-1 dark:bg-stone-900"
        data-testid={`lifetime-${key}`}
      />
    </label>
  );
  return (
    <section className="space-y-3" aria-labelledby="lifetime-heading">
      <h2 id="lifetime-heading" className="text-lg font-semibold">
        Lifetime cost
      </h2>
      <div className="flex flex-wrap gap-4">
        {field("queriesPerDay", "Queries per day")}
        {field("years", "Years in service")}
        {field("gridGramsPerKwh", "Grid intensity, gCO2e/kWh")}
      </div>
      <p className="text-xs">
        Defaults: 1,000,000 queries a day for 2 years at 481 gCO2e/kWh (world average 2023, Ember).
      </p>
      {cost ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" data-testid="lifetime-figures">
          <dt className="font-semibold">Queries</dt>
          <dd data-testid="lifetime-queries">{formatCount(cost.queries)}</dd>
          <dt className="font-semibold">Inference energy, total</dt>
          <dd data-testid="lifetime-inference-kwh">{totalEnergy(cost.inferenceKwh)}</dd>
          <dt className="font-semibold">Declared training energy, total</dt>
          <dd>{cost.trainingKwh === null ? "not declared" : totalEnergy(cost.trainingKwh)}</dd>
          <dt className="font-semibold">Carbon, total</dt>
          <dd data-testid="lifetime-carbon">{totalCarbon(cost.carbonKg)}</dd>
        </dl>
      ) : (
        <p>Energy per inference could not be measured, so there is no lifetime figure.</p>
      )}
      <p className="text-sm" data-testid="break-even">
        <strong>
          Repays its training energy against {baselineName ? `the baseline “${baselineName}”` : "the baseline"}:
        </strong>{" "}
        {repay === null
          ? "this track has no baseline."
          : repay.kind === "immediately"
            ? "from the first query (no more training energy, no more energy per query)."
            : repay.kind === "after"
              ? `after ${formatCount(repay.queries)} queries, about ${formatSignificant(repay.days)} days at this rate.`
              : `${repay.kind === "never" ? "never" : "unknown"}: ${repay.reason}.`}
      </p>
    </section>
  );
}
