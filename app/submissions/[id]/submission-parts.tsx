import type { SubmissionJson } from "./serialized";

const time = (iso: string) => iso.replace("T", " ").slice(0, 19) + " UTC";
const fixed = (value: number | null, digits: number) => (value === null ? "not measured" : value.toFixed(digits));

export function Timeline({ events }: { events: SubmissionJson["events"] }) {
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">Timeline</h2>
      <ol className="space-y-1 text-sm" data-testid="timeline">
        {events.map((event, index) => (
          <li key={`${event.evaluationId}-${index}`} className="flex gap-3">
            <time dateTime={event.at} className="font-mono text-stone-600 dark:text-stone-400">
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

export function ResultsTable({ results, privateResultsHidden }: { results: SubmissionJson["results"]; privateResultsHidden: boolean }) {
  if (results.length === 0 && !privateResultsHidden) return null;
  const metricNames = [...new Set(results.flatMap((result) => Object.keys(result.metrics)))];
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">Results</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Results">
        <table className="min-w-full text-sm" data-testid="results">
          <thead>
            <tr className="text-left">
              <th scope="col" className="pr-4">Split</th>
              <th scope="col" className="pr-4">Examples</th>
              {metricNames.map((name) => (
                <th key={name} scope="col" className="pr-4">{name}</th>
              ))}
              <th scope="col" className="pr-4">Latency p50 (ms)</th>
              <th scope="col" className="pr-4">Energy (Wh / 1000)</th>
              <th scope="col" className="pr-4">Energy method</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result) => (
              <tr key={result.split}>
                <th scope="row" className="pr-4 text-left font-medium">{result.split}{result.noisy ? " (noisy)" : ""}</th>
                <td className="pr-4">{result.examples}</td>
                {metricNames.map((name) => (
                  <td key={name} className="pr-4">{fixed(result.metrics[name] ?? null, 4)}</td>
                ))}
                <td className="pr-4">{fixed(result.latencyP50Ms, 3)}</td>
                <td className="pr-4">{fixed(result.energyWhPerThousand, 5)}</td>
                <td className="pr-4">{result.energyMethod ?? "not measured"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {privateResultsHidden ? <p className="text-sm text-stone-700 dark:text-stone-300">Private-split results stay hidden until the competition reveals them.</p> : null}
    </div>
  );
}
