import { ENERGY_DISPLAY_BASIS, formatEnergyPerThousand } from "@/lib/format/energy-display";
import { metricTitle } from "@/lib/format/metric-names";
import { formatMetricValue, inMetricOrder } from "@/lib/format/metric-value";
import { formatSi } from "@/lib/format/si-quantity";
import type { SubmissionJson } from "./serialized";

const time = (iso: string) => iso.replace("T", " ").slice(0, 19) + " UTC";
const NOT_MEASURED = "not measured";

export function Timeline({ events }: { events: SubmissionJson["events"] }) {
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">Timeline</h2>
      <ol className="space-y-1 text-sm" data-testid="timeline">
        {events.map((event, index) => (
          <li key={`${event.evaluationId}-${index}`} className="flex flex-wrap gap-x-3">
            <time dateTime={event.at} className="whitespace-nowrap font-mono text-stone-600 dark:text-stone-400">
              {time(event.at)}
            </time>
            <span className="font-medium">{event.state}</span>
            {event.message ? <span className="text-stone-700 dark:text-stone-300">{event.message}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ResultsTable({
  results,
  privateResultsHidden,
}: {
  results: SubmissionJson["results"];
  privateResultsHidden: boolean;
}) {
  if (results.length === 0 && !privateResultsHidden) return null;
  const metricNames = inMetricOrder([...new Set(results.flatMap((result) => Object.keys(result.metrics)))]);
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">Results</h2>
      <ResultCards results={results} metricNames={metricNames} />
      {/* On a phone the cards above say the same without scrolling sideways. */}
      <div className="table-scroll hidden sm:block" tabIndex={0} role="region" aria-label="Results">
        <table className="min-w-full text-sm" data-testid="results">
          <thead>
            <tr className="text-left">
              <th scope="col" className="pr-4">
                Split
              </th>
              <th scope="col" className="pr-4">
                Examples
              </th>
              {metricNames.map((name) => (
                <th key={name} scope="col" className="pr-4">
                  {metricTitle(name)}
                </th>
              ))}
              <th scope="col" className="pr-4">
                Latency p50
              </th>
              <th scope="col" className="pr-4">
                Energy ({ENERGY_DISPLAY_BASIS})
              </th>
              <th scope="col" className="pr-4">
                Energy method
              </th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={result.split}>
                <th scope="row" className="pr-4 text-left font-medium">
                  {result.split}
                  {result.noisy ? (
                    <a href="#noise-reasons" className="ml-1 font-normal underline">
                      (noisy)
                    </a>
                  ) : null}
                </th>
                <td className="pr-4">{result.examples.toLocaleString("en")}</td>
                {metricNames.map((name) => (
                  <td key={name} className="pr-4">
                    {formatMetricValue(name, result.metrics[name] ?? null)}
                  </td>
                ))}
                <td className="pr-4">
                  {result.latencyP50Ms === null ? NOT_MEASURED : formatSi(result.latencyP50Ms / 1000, "s")}
                </td>
                <td className="pr-4" data-testid="result-energy">
                  {result.energyJoulesPerInference === null
                    ? NOT_MEASURED
                    : formatEnergyPerThousand(result.energyJoulesPerInference)}
                </td>
                <td className="pr-4">{result.energyMethod ?? "not measured"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NoiseReasons results={results} />
      {privateResultsHidden ? (
        <p className="text-sm text-stone-700 dark:text-stone-300">
          Private-split results stay hidden until the competition reveals them.
        </p>
      ) : null}
    </div>
  );
}

/** What "(noisy)" means for this run: the runner's reasons, once (every split shares one measurement). */
function NoiseReasons({ results }: { results: SubmissionJson["results"] }) {
  const reasons = [...new Set(results.filter((result) => result.noisy).flatMap((result) => result.noisyReasons))];
  if (!results.some((result) => result.noisy)) return null;
  return (
    <div id="noise-reasons" className="space-y-1 text-sm" data-testid="noise-reasons">
      <p>
        <strong>Noisy measurement.</strong> The spread of the repeated measurements stayed above its limit (after any
        re-measures), so the figures are published with a mark:
      </p>
      <ul className="list-disc pl-6">
        {reasons.length > 0 ? (
          reasons.map((reason) => <li key={reason}>{reason}</li>)
        ) : (
          <li>The runner gave no reason.</li>
        )}
      </ul>
    </div>
  );
}

/** The results as one card per split, for narrow screens: every figure in view without scrolling sideways. */
function ResultCards({ results, metricNames }: { results: SubmissionJson["results"]; metricNames: string[] }) {
  return (
    <ul className="space-y-3 sm:hidden" data-testid="result-cards">
      {results.map((result) => (
        <li key={result.split} className="rounded border border-stone-200 p-3 text-sm dark:border-stone-700">
          <p className="font-medium">
            {result.split}
            {result.noisy ? (
              <a href="#noise-reasons" className="ml-1 font-normal underline">
                (noisy)
              </a>
            ) : null}{" "}
            <span className="font-normal text-stone-700 dark:text-stone-300">
              · {result.examples.toLocaleString("en")} examples
            </span>
          </p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5">
            {metricNames.map((name) => (
              <div key={name} className="contents">
                <dt className="text-stone-700 dark:text-stone-300">{metricTitle(name)}</dt>
                <dd>{formatMetricValue(name, result.metrics[name] ?? null)}</dd>
              </div>
            ))}
            <div className="contents">
              <dt className="text-stone-700 dark:text-stone-300">Latency p50</dt>
              <dd>{result.latencyP50Ms === null ? NOT_MEASURED : formatSi(result.latencyP50Ms / 1000, "s")}</dd>
            </div>
            <div className="contents">
              <dt className="text-stone-700 dark:text-stone-300">Energy</dt>
              <dd>
                {result.energyJoulesPerInference === null
                  ? NOT_MEASURED
                  : `${formatEnergyPerThousand(result.energyJoulesPerInference)} ${ENERGY_DISPLAY_BASIS}${result.energyMethod ? ` (${result.energyMethod})` : ""}`}
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
