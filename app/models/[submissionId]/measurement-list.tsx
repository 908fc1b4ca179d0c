/**
 * Every finished measurement of the model: the ones the board combines (the median of each figure, with an
 * interval enveloping the runs: lib/ranking/repeated-measurements.ts) and the ones a newer protocol replaced.
 */
import { formatEnergyPerThousand, whPerThousandFromJoulesPerInference } from "@/lib/format/energy-display";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import { formatSi } from "@/lib/format/si-quantity";
import { formatSiRange } from "@/lib/format/si-range";
import type { ModelPage } from "@/lib/data/model-page";
import type { BoardEntry, Interval } from "@/lib/ranking/types";

/** An energy interval in joules per inference, as Wh per 1,000 inferences with one prefix for both ends. */
const energyRange = (joules: Interval | null) =>
  formatSiRange(
    joules && whPerThousandFromJoulesPerInference(joules.low),
    joules && whPerThousandFromJoulesPerInference(joules.high),
    "Wh",
  );

export function MeasurementList({ model, entry }: { model: ModelPage; entry: BoardEntry | null }) {
  if (model.measurements.length <= 1) return null;
  const counted = model.measurements.filter((measurement) => measurement.counted);
  const replaced = model.measurements.length - counted.length;
  return (
    <section aria-labelledby="each-measurement-heading" className="space-y-2 text-sm">
      <h2 id="each-measurement-heading" className="text-lg font-semibold">
        Each measurement
      </h2>
      <p data-testid="combined-measurement">
        {counted.length > 1
          ? `The board counts ${counted.length} measurements under protocol ${model.countedProtocol ?? "not recorded"}: the median of each figure, ` +
            `${formatEnergyPerThousand(entry?.energyJoulesPerInference ?? null)} per 1,000 inferences (interval ${energyRange(entry?.energyInterval ?? null)}, spanning every run).`
          : `The board counts the measurement under protocol ${model.countedProtocol ?? "not recorded"}.`}
        {replaced > 0
          ? ` ${replaced} earlier measurement${replaced === 1 ? "" : "s"} under an older protocol ${replaced === 1 ? "is" : "are"} replaced by it and no longer counted.`
          : ""}
      </p>
      <table className="text-sm" data-testid="each-measurement">
        <thead>
          <tr>
            <th scope="col" className="pr-4 text-left">
              Finished (UTC)
            </th>
            <th scope="col" className="pr-4 text-left">
              Protocol
            </th>
            <th scope="col" className="pr-4 text-left">
              {metricTitle(model.track.rules.qualityMetric)}
            </th>
            <th scope="col" className="pr-4 text-left">
              Energy per 1,000 inferences
            </th>
            <th scope="col" className="pr-4 text-left">
              95% interval
            </th>
            <th scope="col" className="pr-4 text-left">
              Latency p90
            </th>
            <th scope="col" className="text-left">
              On the board
            </th>
          </tr>
        </thead>
        <tbody>
          {model.measurements.map((measurement) => (
            <tr
              key={measurement.evaluationId}
              className="border-t border-stone-200 dark:border-stone-700"
              data-counted={measurement.counted}
            >
              <td className="pr-4">
                {measurement.finishedAt ? measurement.finishedAt.slice(0, 16).replace("T", " ") : "—"}
              </td>
              <td className="pr-4">{measurement.protocol ?? "not recorded"}</td>
              <td className="pr-4">{formatQualityPercent(measurement.quality)}</td>
              <td className="pr-4">{formatEnergyPerThousand(measurement.energyJoulesPerInference)}</td>
              <td className="pr-4">{energyRange(measurement.energyInterval)}</td>
              <td className="pr-4">
                {formatSi(measurement.latencyP90Ms === null ? null : measurement.latencyP90Ms / 1000, "s")}
              </td>
              <td>
                {measurement.counted ? "counted" : `replaced by protocol ${model.countedProtocol ?? "not recorded"}`}
                {measurement.noisy ? " · noisy" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
