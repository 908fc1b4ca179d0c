/**
 * A model's page, at a stable address: /models/<submissionId>. Every measurement with its interval and method,
 * the model's facts, the host and runtimes, the history of evaluations, quality per split, the team's
 * disclosures, the hyperparameter-search curve when trials were uploaded, lifetime cost, and an embeddable badge.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDatabase } from "@/db/client";
import type { StoredHostFingerprint, StoredModelFacts } from "@/db/schema";
import { EnergyBadge } from "@/app/components/leaderboard/energy-badge";
import { Stars } from "@/app/components/leaderboard/stars";
import { currentUser } from "@/lib/auth/session";
import { getPreparedBoard } from "@/lib/data/leaderboards";
import { getModelPage, type ModelPage } from "@/lib/data/model-page";
import { isAppError } from "@/lib/errors";
import { formatBinaryBytes } from "@/lib/format/binary-bytes";
import { formatEnergyPerThousand, whPerThousandFromJoulesPerInference } from "@/lib/format/energy-display";
import { formatCount } from "@/lib/format/large-count";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import { formatSi, formatSignificant, MISSING_FIGURE } from "@/lib/format/si-quantity";
import { formatSiRange } from "@/lib/format/si-range";
import { intervalFrom } from "@/lib/data/leaderboard-entry";
import { expectedMaxCurve } from "@/lib/ranking/expected-max";
import { starsForRow } from "@/lib/ranking/star-bands";
import type { Interval } from "@/lib/ranking/types";
import { BenchmarkSummary, BenchmarkTasks } from "./benchmark-tasks";
import { LifetimePanel } from "./lifetime-panel";
import { MeasurementList } from "./measurement-list";
import { TrialsChart } from "./trials-chart";
import { countOf } from "@/lib/format/counted-noun";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Model" };

type Json = Record<string, unknown>;
const objectAt = (value: unknown, key: string): Json => {
  const inner = value && typeof value === "object" ? (value as Json)[key] : undefined;
  return inner && typeof inner === "object" ? (inner as Json) : {};
};
const columnInterval = (low: number | null, high: number | null) =>
  low === null || high === null ? null : { low, high };
const numberAt = (value: Json, key: string): number | null =>
  typeof value[key] === "number" && Number.isFinite(value[key]) ? (value[key] as number) : null;
// Every figure in the site's units: energy in Wh per 1,000 inferences, times in seconds, each with an SI prefix.
const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
const energyRange = (joules: Interval | null) =>
  formatSiRange(
    joules && whPerThousandFromJoulesPerInference(joules.low),
    joules && whPerThousandFromJoulesPerInference(joules.high),
    "Wh",
  );
const secondsRange = (ms: Interval | null) => formatSiRange(ms && ms.low / 1000, ms && ms.high / 1000, "s");
const countRange = (interval: Interval | null, unit: string) =>
  interval ? `${formatCount(interval.low)}–${formatCount(interval.high)} ${unit}` : "interval not reported";
const gridIntensity = (gramsPerKwh: number | null) =>
  gramsPerKwh === null ? "grid intensity not reported" : `grid ${formatSignificant(gramsPerKwh)} gCO2e/kWh`;
const carbon = (grams: number | null) => (grams === null ? MISSING_FIGURE : `${formatSi(grams, "g")} CO2e`);

export default async function ModelPageRoute({ params }: { params: Promise<{ submissionId: string }> }) {
  const { submissionId } = await params;
  const user = await currentUser();
  const db = getDatabase();
  const model = await getModelPage(db, user?.id ?? null, submissionId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const frame = { competitionSlug: model.competition.slug, trackId: model.track.id };
  const { prepared } = await getPreparedBoard(db, user?.id ?? null, { ...frame, scope: "team-best" });
  // Its standing among every submission (the board's default shows each team's best only).
  const everySubmission = await getPreparedBoard(db, user?.id ?? null, {
    ...frame,
    scope: "all",
    limit: Number.POSITIVE_INFINITY,
  });
  const standing = everySubmission.prepared.standings.find((row) => row.entry.submissionId === submissionId) ?? null;
  const rankedCount = everySubmission.prepared.standings.filter((row) => row.section === "ranked").length;
  const entry = standing?.entry ?? null;
  const measurement = model.counted?.measurement ?? null;
  const details = measurement?.details ?? {};
  const latency = details.latency ?? {};
  const energy = details.energy ?? {};
  const throughput = details.throughput ?? {};
  const facts = measurement?.modelFacts ?? {};
  const trials = objectAt(model.disclosures, "trials");
  const scores = Array.isArray(trials.validationScores)
    ? (trials.validationScores as unknown[]).filter((v): v is number => typeof v === "number")
    : [];
  const boardHref = `/competitions/${model.competition.slug}/tracks/${model.track.id}`;
  const trainingKwh =
    typeof model.disclosures.trainingEnergyKwh === "number" ? model.disclosures.trainingEnergyKwh : null;

  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href={boardHref} className="text-leaf-700 underline dark:text-leaf-300">
            {model.competition.title} · {model.track.title}
          </Link>
        </p>
        <h1 className="text-2xl font-bold">
          {model.name} <span className="text-base font-normal">by {model.teamName}</span>
          {model.isBaseline ? (
            <span className="ml-2 rounded bg-stone-200 px-1 text-xs text-stone-800 dark:bg-stone-700 dark:text-stone-100">
              baseline
            </span>
          ) : null}
        </h1>
        <p className="flex flex-wrap items-center gap-3 text-sm" data-testid="model-standing">
          <span>
            <strong>Standing:</strong>{" "}
            {standing === null
              ? "not on the board"
              : standing.section === "ranked"
                ? `rank ${standing.tiedCount > 0 ? "=" : ""}${standing.rank} among ${rankedCount} ranked submissions (every submission counted, not only each team's best)`
                : standing.unrankedReason}
          </span>
          <Stars
            stars={
              standing === null ? null : starsForRow(standing, prepared.starBands, model.track.rules.rankedEnergyKind)
            }
            unranked={standing !== null && standing.section !== "ranked"}
          />
          <span>Submitted {model.submittedAt.slice(0, 10)}</span>
        </p>
      </header>

      {measurement === null ? (
        <p role="status">No finished evaluation yet: nothing has been measured.</p>
      ) : (
        <section aria-labelledby="measurements-heading" className="space-y-3">
          <h2 id="measurements-heading" className="text-lg font-semibold">
            Measurements
          </h2>
          {(entry?.measurementCount ?? 0) > 1 ? (
            <p className="text-sm">
              The latest of {entry!.measurementCount} measurements; the board ranks the median of each figure (see each
              measurement below).
            </p>
          ) : null}
          <Figures
            rows={[
              [
                "Energy per 1,000 inferences",
                formatEnergyPerThousand(measurement.energyJoulesPerInference),
                energyRange(
                  columnInterval(
                    measurement.energyCiLowJoulesPerInference,
                    measurement.energyCiHighJoulesPerInference,
                  ) ?? intervalFrom(energy.ciJoulesPerInference),
                ),
                <EnergyBadge
                  key="m"
                  method={measurement.energyMethod}
                  kind={
                    measurement.energyKind === "measured" || measurement.energyKind === "estimated"
                      ? measurement.energyKind
                      : null
                  }
                />,
              ],
              [
                "Gross energy per 1,000 inferences, idle included",
                formatEnergyPerThousand(numberAt(energy, "grossJoulesPerInference")),
                energyRange(intervalFrom(energy.ciGrossJoulesPerInference)),
                measurement.energyMethod ?? MISSING_FIGURE,
              ],
              [
                "Single-stream energy per 1,000 queries",
                formatEnergyPerThousand(numberAt(energy, "singleStreamJoulesPerQuery")),
                "",
                "",
              ],
              [
                "Carbon per 1,000 inferences",
                carbon(measurement.carbonGramsPerThousand),
                "",
                gridIntensity(numberAt(objectAt(details, "carbon"), "gridGramsPerKwh")),
              ],
              [
                "Latency p50",
                formatSi(seconds(measurement.latencyP50Ms), "s"),
                secondsRange(columnInterval(measurement.latencyP50CiLowMs, measurement.latencyP50CiHighMs)),
                "single stream",
              ],
              [
                "Latency p90",
                formatSi(seconds(measurement.latencyP90Ms), "s"),
                secondsRange(
                  columnInterval(measurement.latencyP90CiLowMs, measurement.latencyP90CiHighMs) ??
                    intervalFrom(latency.p90CiMs),
                ),
                "",
              ],
              [
                "Latency p99 / mean",
                `${formatSi(seconds(measurement.latencyP99Ms), "s")} / ${formatSi(seconds(measurement.latencyMeanMs), "s")}`,
                "",
                "over all queries",
              ],
              [
                "Throughput",
                `${formatCount(measurement.throughputPerSecond)} examples/s`,
                countRange(
                  columnInterval(measurement.throughputCiLowPerSecond, measurement.throughputCiHighPerSecond) ??
                    intervalFrom(throughput.ciPerSecond),
                  "examples/s",
                ),
                `batch ${formatCount(numberAt(throughput, "batchSize"))}`,
              ],
              ["Peak memory", formatBinaryBytes(measurement.peakRssBytes), "", ""],
            ]}
          />
          {measurement.noisy ? (
            <p className="text-sm font-semibold text-red-800 dark:text-red-300" data-testid="noisy">
              Still noisy after re-measuring: published with its wide interval.
              {measurement.noisyReasons.length > 0 ? ` Why: ${measurement.noisyReasons.join("; ")}.` : ""}
            </p>
          ) : null}
          {measurement.reruns > 0 ? (
            <p className="text-sm">
              Re-measured {measurement.reruns} time{measurement.reruns === 1 ? "" : "s"} before publishing (not counted
              against the team&apos;s quota).
            </p>
          ) : null}
          {!measurement.sandboxed ? <p className="text-sm font-semibold">Measured outside the sandbox.</p> : null}
          <h3 className="font-semibold">Quality per split</h3>
          <ScrollBox label="Quality per split">
            <table className="text-sm" data-testid="quality-per-split">
              <thead>
                <tr>
                  <th scope="col" className="pr-4 text-left">
                    Split
                  </th>
                  <th scope="col" className="pr-4 text-left">
                    Examples
                  </th>
                  {Object.keys(model.counted?.splits[0]?.metrics ?? {}).map((metric) => (
                    <th key={metric} scope="col" className="pr-4 text-left">
                      {metricTitle(metric)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {model.counted?.splits.map((split) => (
                  <tr key={split.split}>
                    <th scope="row" className="pr-4 text-left font-normal">
                      {split.split}
                    </th>
                    <td className="pr-4">{formatCount(split.examples)}</td>
                    {Object.values(split.metrics).map((value, index) => (
                      <td key={index} className="pr-4">
                        {formatQualityPercent(value)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {!model.privateRevealed && !model.viewerCanManage ? (
            <p className="text-xs">The private part of the test set is revealed after the final phase.</p>
          ) : null}
        </section>
      )}

      <MeasurementList model={model} entry={entry} />

      {model.benchmarkTasks.length > 0 ? (
        <>
          <BenchmarkSummary details={details as Record<string, unknown>} />
          <BenchmarkTasks tasks={model.benchmarkTasks} />
        </>
      ) : null}

      {measurement ? (
        <ModelFacts facts={facts} host={measurement.hostFingerprint} versions={details.versions ?? {}} />
      ) : null}

      <LifetimePanel
        model={{ joulesPerInference: measurement?.energyJoulesPerInference ?? null, trainingKwh }}
        baseline={
          prepared.baseline
            ? {
                joulesPerInference: prepared.baseline.energyJoulesPerInference,
                trainingKwh: prepared.baseline.trainingEnergyKwh,
              }
            : null
        }
        baselineName={prepared.baseline?.modelName ?? null}
      />

      <Disclosures model={model} scores={scores} />
      <History model={model} />
      <Badge submissionId={submissionId} />
    </article>
  );
}

function Figures({ rows }: { rows: [string, string, string, React.ReactNode][] }) {
  return (
    <ScrollBox label="Measurements">
      <table className="text-sm" data-testid="measurements">
        <thead>
          <tr>
            <th scope="col" className="pr-4 text-left">
              Figure
            </th>
            <th scope="col" className="pr-4 text-left">
              Value
            </th>
            <th scope="col" className="pr-4 text-left">
              95% interval over blocks
            </th>
            <th scope="col" className="text-left">
              Method
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value, interval, method]) => (
            <tr key={label} className="border-t border-stone-200 dark:border-stone-700">
              <th scope="row" className="py-1 pr-4 text-left font-normal">
                {label}
              </th>
              {/* A figure never breaks between its number and its unit; the label wraps instead. */}
              <td className="whitespace-nowrap pr-4">{value}</td>
              <td className="whitespace-nowrap pr-4">{interval}</td>
              <td>{method}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** A table wider than a phone scrolls inside this box (focusable, so keyboards can scroll it), not the page. */
function ScrollBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="max-w-full overflow-x-auto" tabIndex={0} role="region" aria-label={`${label}, scrolls sideways`}>
      {children}
    </div>
  );
}

function ModelFacts({
  facts,
  host,
  versions,
}: {
  facts: StoredModelFacts;
  host: StoredHostFingerprint;
  versions: Record<string, string>;
}) {
  const ops = Object.entries(facts.opHistogram ?? {}).sort((a, b) => b[1] - a[1]);
  const mix = Object.entries(facts.precisionMix ?? {});
  return (
    <section aria-labelledby="facts-heading" className="space-y-2 text-sm">
      <h2 id="facts-heading" className="text-lg font-semibold">
        The model
      </h2>
      <p>
        {formatCount(facts.parameters ?? null)} parameters ({formatCount(facts.nonZeroParameters ?? null)} non-zero,
        sparsity {formatQualityPercent(facts.sparsity)}), {formatCount(facts.macsPerExample?.total ?? null)}{" "}
        multiply-accumulates per example, file {formatBinaryBytes(facts.fileSizeBytes)}.
      </p>
      <p>
        Precision mix:{" "}
        {mix.length === 0
          ? MISSING_FIGURE
          : mix.map(([type, count]) => `${type} ${formatCount(Number(count))}`).join(", ")}
        .
      </p>
      <p>
        Operators: {ops.length === 0 ? MISSING_FIGURE : ops.map(([op, count]) => `${op} ×${String(count)}`).join(", ")}.
      </p>
      <h3 className="font-semibold">Measured on</h3>
      <p data-testid="host">
        {[
          host.cpuModel,
          host.cores ? `${String(host.cores)} ${host.cores === 1 ? "core" : "cores"}` : null,
          host.kernel ? `Linux ${String(host.kernel)}` : null,
        ]
          .filter(Boolean)
          .map(String)
          .join(" · ") || MISSING_FIGURE}
        ;{" "}
        {Object.entries(versions)
          .map(([name, version]) => `${name} ${String(version)}`)
          .join(", ") || "versions not reported"}
        .
      </p>
    </section>
  );
}

function Disclosures({ model, scores }: { model: ModelPage; scores: number[] }) {
  const d = model.disclosures;
  const entries: [string, string][] = [
    [
      "Training energy (total)",
      typeof d.trainingEnergyKwh === "number" ? formatSi(d.trainingEnergyKwh * 1000, "Wh") : "not declared",
    ],
    [
      "Training GPU hours",
      typeof d.trainingGpuHours === "number" ? formatSignificant(d.trainingGpuHours) : "not declared",
    ],
    ["Training hardware", typeof d.trainingHardware === "string" ? d.trainingHardware : "not declared"],
    ["Methods", Array.isArray(d.methods) && d.methods.length > 0 ? d.methods.map(String).join(", ") : "none declared"],
  ];
  return (
    <section aria-labelledby="disclosures-heading" className="space-y-2 text-sm">
      <h2 id="disclosures-heading" className="text-lg font-semibold">
        What the team declares
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {entries.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {typeof d.codeUrl === "string" ? (
        <p>
          <a href={d.codeUrl} rel="noopener noreferrer nofollow" className="text-leaf-700 underline dark:text-leaf-300">
            Code
          </a>
        </p>
      ) : null}
      {typeof d.notes === "string" ? <p className="whitespace-pre-wrap">{d.notes}</p> : null}
      {scores.length > 0 ? (
        <figure data-testid="trials-chart">
          <figcaption className="font-semibold">
            Expected best validation score against the number of hyperparameter trials ({scores.length} trials uploaded;
            Dodge et al. 2019, “Show Your Work”)
          </figcaption>
          <TrialsChart curve={expectedMaxCurve(scores)} />
        </figure>
      ) : (
        <p>No hyperparameter-search trials were uploaded.</p>
      )}
    </section>
  );
}

function History({ model }: { model: ModelPage }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-2 text-sm">
      <h2 id="history-heading" className="text-lg font-semibold">
        Evaluations
      </h2>
      <ol className="space-y-1" data-testid="history">
        {model.history.map((evaluation) => (
          <li key={evaluation.id}>
            <strong>{evaluation.state}</strong> · queued {evaluation.createdAt.slice(0, 16).replace("T", " ")} UTC
            {evaluation.finishedAt ? ` · finished ${evaluation.finishedAt.slice(0, 16).replace("T", " ")} UTC` : ""}
            {evaluation.versions.protocol ? ` · protocol ${evaluation.versions.protocol}` : ""}
            {evaluation.errorMessage ? ` · ${evaluation.errorMessage}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Badge({ submissionId }: { submissionId: string }) {
  const snippet = `<a href="/models/${submissionId}"><img src="/badges/${submissionId}" alt="Joulebench energy rating"></a>`;
  return (
    <section aria-labelledby="badge-heading" className="space-y-2 text-sm">
      <h2 id="badge-heading" className="text-lg font-semibold">
        Badge
      </h2>
      {/* eslint-disable-next-line @next/next/no-img-element -- an SVG badge served by our own route */}
      <img src={`/badges/${submissionId}`} alt="Joulebench energy rating badge" height={20} />
      <label className="block">
        Embed it (prefix the site&apos;s address):
        <textarea
          readOnly
          value={snippet}
          rows={2}
          className="mt-1 block w-full rounded border border-stone-400 bg-white p-1 font-mono text-xs dark:bg-stone-900"
        />
      </label>
    </section>
  );
}
