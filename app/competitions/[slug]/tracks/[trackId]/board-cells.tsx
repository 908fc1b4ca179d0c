/**
 * The cells of a board row. Numbers follow board-figures.ts (no exponent notation anywhere); a long model name is cut
 * to the column's width with the full name on hover (title) and on keyboard focus (the link unfolds); a shared rank
 * reads "=2" and points at the one note under the table; an unranked row says why under its model, in one line.
 */
import Link from "next/link";
import { formatScaled } from "@/lib/format/si-quantity";
import { formatBinaryBytes } from "@/lib/format/binary-bytes";
import {
  millisecondsToSeconds,
  robustnessGap,
  whPerThousand,
  whPerThousandCorrect,
  type ColumnKey,
  type ColumnPrefixes,
} from "@/lib/ranking/columns";
import type { RankedEntry } from "@/lib/ranking/types";
import { countFigure, intervalFigure, percentFigure, plainFigure } from "./board-figures";

const JOULES_TO_WH_PER_THOUSAND = 1000 / 3600;
/** The one note under the table that explains shared ranks. */
export const TIE_NOTE_ID = "board-tie-note";
const SUB_LINE = "block text-[11px] text-stone-600 dark:text-stone-300";

export function RankCell({ row }: { row: RankedEntry }) {
  if (row.section !== "ranked") {
    return (
      <span
        className="text-xs font-semibold whitespace-nowrap"
        data-testid="unranked-reason"
        title={row.unrankedReason ?? undefined}
      >
        {row.section === "below-threshold" ? "below bar" : "unranked"}
      </span>
    );
  }
  const tied = row.tiedCount > 0;
  return (
    <span
      className="font-bold tabular-nums"
      data-testid="rank"
      title={
        tied
          ? `Shares rank ${row.rank} with ${row.tiedCount} other ${row.tiedCount === 1 ? "entry" : "entries"}. ${row.tieReason ?? ""}`
          : undefined
      }
      aria-describedby={tied ? TIE_NOTE_ID : undefined}
    >
      {tied ? `=${row.rank}` : row.rank}
    </span>
  );
}

export function ModelCell({ row }: { row: RankedEntry }) {
  const { entry } = row;
  return (
    <span className="block max-w-[16rem]">
      <Link
        href={`/models/${entry.submissionId}`}
        title={`${entry.modelName} by ${entry.teamName}`}
        className="group flex items-baseline gap-1 text-leaf-700 underline dark:text-leaf-300"
        data-testid="model-link"
      >
        {/* Cut to the column on screen; unfolded while focused so a keyboard user reads the whole name. */}
        <span className="min-w-0 truncate group-focus:whitespace-normal group-focus:break-all" data-testid="model-name">
          {entry.modelName}
        </span>
        {entry.isBaseline ? (
          <span className="shrink-0 rounded bg-stone-200 px-1 text-[10px] text-stone-800 no-underline dark:bg-stone-700 dark:text-stone-100">
            baseline
          </span>
        ) : null}
      </Link>
      {row.section !== "ranked" && row.unrankedReason ? (
        <span className={`${SUB_LINE} truncate`} title={row.unrankedReason} data-testid="unranked-why">
          {row.unrankedReason}
        </span>
      ) : null}
    </span>
  );
}

interface BoardCellProps {
  column: ColumnKey;
  row: RankedEntry;
  best: Partial<Record<ColumnKey, number>>;
  prefixes: ColumnPrefixes;
}

export function BoardCell({ column, row, best, prefixes }: BoardCellProps) {
  const { entry } = row;
  const mark = (value: number | null) =>
    value !== null &&
    best[column] !== undefined &&
    row.section === "ranked" &&
    Math.abs(value - best[column]!) <= Math.abs(best[column]!) * 1e-12 ? (
      <span
        className="ml-1 rounded bg-leaf-50 px-1 text-[10px] font-bold text-leaf-900 dark:bg-leaf-900 dark:text-leaf-50"
        title="Best in this column"
      >
        best
      </span>
    ) : null;
  switch (column) {
    case "rank":
    case "model":
      return null;
    case "team":
      return (
        <span className="block max-w-[10rem] truncate" title={entry.teamName}>
          {entry.teamName}
        </span>
      );
    case "quality":
      return (
        <>
          {percentFigure(entry.quality)}
          {mark(entry.quality)}
        </>
      );
    case "qualityOutOfDomain":
      return (
        <>
          {percentFigure(entry.qualityOutOfDomain)}
          {mark(entry.qualityOutOfDomain)}
        </>
      );
    case "robustnessGap":
      return (
        <>
          {percentFigure(robustnessGap(entry))}
          {mark(robustnessGap(entry))}
        </>
      );
    case "energyWhPerThousand": {
      const prefix = prefixes.energyWhPerThousand;
      return (
        <span className="whitespace-nowrap">
          {formatScaled(whPerThousand(entry), { prefix })}
          {mark(whPerThousand(entry))}
          {entry.noisy ? (
            <span
              className="ml-1 text-xs font-semibold text-red-800 dark:text-red-300"
              title="Still noisy after re-measuring: wide interval"
            >
              noisy
            </span>
          ) : null}
          <span className={SUB_LINE}>
            {intervalFigure(entry.energyInterval, { scale: JOULES_TO_WH_PER_THOUSAND, prefix })}
          </span>
        </span>
      );
    }
    case "energyWhPerThousandCorrect":
      return (
        <>
          {formatScaled(whPerThousandCorrect(entry), { prefix: prefixes.energyWhPerThousandCorrect })}
          {mark(whPerThousandCorrect(entry))}
        </>
      );
    case "carbonGramsPerThousand":
      return (
        <>
          {formatScaled(entry.carbonGramsPerThousand, { prefix: prefixes.carbonGramsPerThousand })}
          {mark(entry.carbonGramsPerThousand)}
        </>
      );
    case "latencyP50Ms":
      return (
        <span className="whitespace-nowrap">
          {formatScaled(millisecondsToSeconds(entry.latencyP50Ms), { prefix: prefixes.latencyP50Ms })}
          {mark(entry.latencyP50Ms)}
          <span className={SUB_LINE}>
            {intervalFigure(entry.latencyP50Interval, { scale: 1 / 1000, prefix: prefixes.latencyP50Ms })}
          </span>
        </span>
      );
    case "latencyP90Ms":
      return (
        <span className="whitespace-nowrap">
          {formatScaled(millisecondsToSeconds(entry.latencyP90Ms), { prefix: prefixes.latencyP90Ms })}
          {mark(entry.latencyP90Ms)}
          <span className={SUB_LINE}>
            {intervalFigure(entry.latencyP90Interval, { scale: 1 / 1000, prefix: prefixes.latencyP90Ms })}
          </span>
        </span>
      );
    case "throughputPerSecond":
      return (
        <>
          {plainFigure(entry.throughputPerSecond)}
          {mark(entry.throughputPerSecond)}
        </>
      );
    case "peakMemoryMb":
      return <span className="whitespace-nowrap">{formatBinaryBytes(entry.peakMemoryBytes)}</span>;
    case "parameters":
      return (
        <>
          {countFigure(entry.parameters)}
          {mark(entry.parameters)}
        </>
      );
    case "sparsity":
      return <>{percentFigure(entry.sparsity, 0)}</>;
    case "weightPrecision":
      return <>{entry.weightPrecision ?? "—"}</>;
    case "fileSizeKb":
      return <span className="whitespace-nowrap">{formatBinaryBytes(entry.fileSizeBytes)}</span>;
    case "macsPerExample":
      return <>{countFigure(entry.macsPerExample)}</>;
    case "submittedAt":
      return <span className="whitespace-nowrap">{entry.submittedAt.slice(0, 10)}</span>;
  }
}
