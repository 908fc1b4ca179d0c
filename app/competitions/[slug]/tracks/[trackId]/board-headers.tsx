/**
 * The board's column headers: the headline column named by the track's metric ("Accuracy"), energy with its unit,
 * its column's one SI prefix and the kind of energy the track ranks, said once here rather than on every row.
 */
import { ENERGY_DISPLAY_UNIT } from "@/lib/format/energy-display";
import { metricTitle } from "@/lib/format/metric-names";
import type { ColumnKey, ColumnPrefixes } from "@/lib/ranking/columns";
import type { TrackRules } from "@/lib/ranking/types";

export interface ColumnHeader {
  label: React.ReactNode;
  /** Also the column's name in the column chooser. */
  name: string;
  title?: string;
}

const unitLine = (text: string) => <span className="block font-normal">{text}</span>;

export function columnHeader(key: ColumnKey, rules: TrackRules, prefixes: ColumnPrefixes): ColumnHeader {
  const metric = metricTitle(rules.qualityMetric);
  switch (key) {
    case "rank":
      return { label: "Rank", name: "Rank" };
    case "model":
      return { label: "Model", name: "Model" };
    case "team":
      return { label: "Team", name: "Team" };
    case "quality":
      return { label: metric, name: metric, title: `${metric} on the split this board ranks on` };
    case "qualityOutOfDomain":
      return {
        label: (
          <>
            {metric}
            {unitLine("out of domain")}
          </>
        ),
        name: `${metric} out of domain`,
        title: `${metric} on the out-of-domain split`,
      };
    case "robustnessGap":
      return {
        label: <>Gap{unitLine("in − out of domain")}</>,
        name: "Robustness gap",
        title: `In-domain minus out-of-domain ${metric}`,
      };
    case "energyWhPerThousand":
      return {
        label: (
          <>
            Energy, {rules.rankedEnergyKind}
            {unitLine(`${prefixes.energyWhPerThousand.symbol}${ENERGY_DISPLAY_UNIT} per 1,000 inferences`)}
          </>
        ),
        name: "Energy",
        title: `Energy per 1,000 inferences with its interval; this track ranks ${rules.rankedEnergyKind} energy only`,
      };
    case "energyWhPerThousandCorrect":
      return {
        label: (
          <>
            Energy per correct
            {unitLine(`${prefixes.energyWhPerThousandCorrect.symbol}${ENERGY_DISPLAY_UNIT} per 1,000 correct`)}
          </>
        ),
        name: "Energy per correct answer",
        title: "Energy per 1,000 correct answers: a cheap model that is often wrong pays for its mistakes here",
      };
    case "carbonGramsPerThousand":
      return {
        label: <>Carbon{unitLine(`${prefixes.carbonGramsPerThousand.symbol}gCO2e per 1,000`)}</>,
        name: "Carbon",
      };
    case "latencyP50Ms":
      return {
        label: <>p50{unitLine(`${prefixes.latencyP50Ms.symbol}s`)}</>,
        name: "Latency p50",
        title: "Latency p50 (the median answer), with its interval",
      };
    case "latencyP90Ms":
      return {
        label: <>p90{unitLine(`${prefixes.latencyP90Ms.symbol}s`)}</>,
        name: "Latency p90",
        title: "Latency p90 (9 in 10 answers are faster), with its interval",
      };
    case "throughputPerSecond":
      return { label: "Per second", name: "Throughput", title: "Throughput, examples per second" };
    case "peakMemoryMb":
      return { label: "Peak memory", name: "Peak memory" };
    case "parameters":
      return { label: "Params", name: "Parameters" };
    case "sparsity":
      return { label: "Sparsity", name: "Sparsity" };
    case "weightPrecision":
      return { label: "Precision", name: "Weight precision" };
    case "fileSizeKb":
      return { label: "File", name: "File size" };
    case "macsPerExample":
      return { label: "MACs", name: "MACs per example" };
    case "submittedAt":
      return { label: "Date", name: "Submitted" };
  }
}
