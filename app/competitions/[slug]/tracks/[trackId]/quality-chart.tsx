"use client";
/**
 * Quality against a cost on a log axis, drawn with Recharts from the board's standings. Each point is a link to
 * its model page (click, or Tab to it and press Enter); hovering or focusing it shows the model, the team and
 * its figures. Axes run from one nice tick to another that enclose every point (lib/format/axis-ticks.ts). The
 * legend is HTML below the plot, so it never covers a point on a phone; colours and shapes are picked for at
 * least 3:1 against the page in both colour schemes (WCAG 2.1 1.4.11), and every mark also differs by shape.
 */
import { useRouter } from "next/navigation";
import {
  memo,
  useCallback,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from "recharts";
import { formatTickSi, niceLinearTicks, niceLogTicks } from "@/lib/format/axis-ticks";
import type { ChartCost, ChartPoint, PlottedPoints } from "@/lib/ranking/chart-points";
import { describePoint, pointLabel } from "./chart-point-text";
import { ChartLegend, POINT_CLASSES } from "./chart-legend";

export interface QualityChartProps {
  title: string;
  /** The points and their Pareto front (lib/ranking/chart-points.ts), made where the rows are. */
  plotted: PlottedPoints;
  cost: ChartCost;
  /** The track's quality metric key ("accuracy", "macro_f1"). */
  qualityMetric: string;
  testId: string;
}

const AXIS: Record<ChartCost, { unit: string; label: string }> = {
  energy: { unit: "Wh", label: "Energy per 1,000 inferences (log scale)" },
  latency: { unit: "s", label: "Latency p90 (log scale)" },
};

interface ActivePoint {
  point: ChartPoint;
  cx: number;
  cy: number;
}

export function QualityChart({ title, plotted, cost, qualityMetric, testId }: QualityChartProps) {
  const { points, front } = useMemo(
    // Left to right, so that Tab walks the points in the order the eye reads them.
    () => ({ points: [...plotted.points].sort((a, b) => a.x - b.x || b.y - a.y), front: plotted.front }),
    [plotted],
  );
  const [active, setActive] = useState<ActivePoint | null>(null);
  const onLeave = useCallback(
    (id: string) => setActive((current) => (current?.point.submissionId === id ? null : current)),
    [],
  );
  const text = active ? describePoint(active.point, qualityMetric) : null;
  const box = useRef<HTMLDivElement>(null);
  return (
    <figure className="min-w-0 rounded border border-stone-200 p-2 dark:border-stone-700" data-testid={testId}>
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {points.length === 0 ? (
        <p className="text-sm">Nothing to plot yet: no entry has both figures.</p>
      ) : (
        <>
          <p className="sr-only">
            {points.length} entries, {front.length} on the Pareto front. Each point is a link to its model page; the
            table lists the same figures.
          </p>
          <div className="relative h-72 w-full" ref={box}>
            <Plot
              points={points}
              front={front}
              cost={cost}
              qualityMetric={qualityMetric}
              onActivate={setActive}
              onLeave={onLeave}
            />
            {active && text ? (
              <div
                role="tooltip"
                data-testid="chart-tooltip"
                className="pointer-events-none absolute z-10 max-w-64 rounded border border-stone-300 bg-white p-2 text-xs text-stone-900 shadow dark:border-stone-600 dark:bg-stone-900 dark:text-stone-100"
                style={tooltipPlacement(active, box.current)}
              >
                <p className="font-semibold">{text.model}</p>
                <p>{text.team}</p>
                {text.figures.map((figure) => (
                  <p key={figure}>{figure}</p>
                ))}
                {text.marks.length > 0 ? <p className="italic">{text.marks.join("; ")}</p> : null}
              </div>
            ) : null}
          </div>
          <ChartLegend points={points} />
        </>
      )}
    </figure>
  );
}

/** Wide enough for the tooltip on either side of any point; narrower (a phone), it spans the chart instead. */
const TOOLTIP_SIDE_PX = 260;

/**
 * Where the tooltip goes: beside the point, towards the middle of the plot, so it stays inside the chart; on a
 * narrow chart, across its width, in the half away from the point, so it neither runs off the screen nor hides it.
 */
function tooltipPlacement(active: ActivePoint, box: HTMLDivElement | null): CSSProperties {
  const width = box?.clientWidth ?? 0;
  const pointInLowerHalf = active.cy > (box?.clientHeight ?? 0) / 2;
  if (width < 2 * TOOLTIP_SIDE_PX)
    return { left: 8, right: 8, maxWidth: "none", ...(pointInLowerHalf ? { top: 0 } : { bottom: 0 }) };
  const pointInRightHalf = active.cx > width / 2;
  return {
    left: active.cx,
    top: active.cy,
    width: "max-content",
    transform: `translate(${pointInRightHalf ? "calc(-100% - 12px)" : "12px"}, ${pointInLowerHalf ? "calc(-100% - 12px)" : "12px"})`,
  };
}

interface PlotProps {
  points: ChartPoint[];
  front: ChartPoint[];
  cost: ChartCost;
  qualityMetric: string;
  onActivate: (active: ActivePoint) => void;
  onLeave: (id: string) => void;
}

/** The Recharts part, memoized so that moving the tooltip does not redraw every point. */
const Plot = memo(function Plot({ points, front, cost, qualityMetric, onActivate, onLeave }: PlotProps) {
  const router = useRouter();
  const xTicks = useMemo(
    () =>
      niceLogTicks(
        points.map((point) => point.x),
        { maxTicks: 5 },
      ),
    [points],
  );
  const yTicks = useMemo(
    () =>
      niceLinearTicks(
        points.map((point) => point.y),
        { bounds: [0, 100], maxTicks: 6 },
      ),
    [points],
  );
  const axis = AXIS[cost];
  const renderPoint = useCallback(
    (props: unknown) => {
      const { cx, cy, payload } = props as { cx?: number; cy?: number; payload?: ChartPoint };
      if (cx === undefined || cy === undefined || !payload) return <g />;
      const href = `/models/${payload.submissionId}`;
      const open = () => router.push(href);
      const activate = () => onActivate({ point: payload, cx, cy });
      return (
        <a
          href={href}
          aria-label={pointLabel(describePoint(payload, qualityMetric))}
          data-testid="chart-point"
          data-own-team={payload.isOwnTeam || undefined}
          data-baseline={payload.isBaseline || undefined}
          className="cursor-pointer focus:outline-none [&:focus-visible>.focus-ring]:visible"
          onMouseEnter={activate}
          onFocus={activate}
          onMouseLeave={() => onLeave(payload.submissionId)}
          onBlur={() => onLeave(payload.submissionId)}
          onClick={(event: MouseEvent) => {
            // A plain click navigates inside the app; a modified one (new tab, new window) is left to the browser.
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
            event.preventDefault();
            open();
          }}
          onKeyDown={(event: KeyboardEvent) => {
            if (event.key === "Enter") {
              event.preventDefault();
              open();
            } else if (event.key === "Escape") onLeave(payload.submissionId);
          }}
        >
          {/* A larger transparent target, so a point is easy to hover and tap. */}
          <circle cx={cx} cy={cy} r={9} fill="transparent" />
          <circle
            className="focus-ring invisible fill-none stroke-stone-900 dark:stroke-stone-100"
            cx={cx}
            cy={cy}
            r={11}
            strokeWidth={2}
            strokeDasharray="3 2"
          />
          <PointMark point={payload} cx={cx} cy={cy} />
        </a>
      );
    },
    [router, onActivate, onLeave, qualityMetric],
  );
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 12, right: 20, bottom: 28, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" className="[&_line]:stroke-stone-300 dark:[&_line]:stroke-stone-700" />
        <XAxis
          type="number"
          dataKey="x"
          scale="log"
          domain={[xTicks[0] ?? "auto", xTicks.at(-1) ?? "auto"]}
          ticks={xTicks}
          interval={0}
          allowDataOverflow
          tick={{ fill: "currentColor", fontSize: 12 }}
          tickFormatter={(value: number) => formatTickSi(value, axis.unit)}
          label={{ value: axis.label, position: "insideBottom", offset: -18, fill: "currentColor", fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={[yTicks[0] ?? "auto", yTicks.at(-1) ?? "auto"]}
          ticks={yTicks}
          interval={0}
          allowDataOverflow
          width={48}
          tick={{ fill: "currentColor", fontSize: 12 }}
          tickFormatter={(value: number) => `${value}%`}
        />
        <Scatter
          data={front}
          fill="none"
          line={{ strokeWidth: 2, className: POINT_CLASSES.front }}
          shape={() => <g />}
          legendType="none"
          isAnimationActive={false}
        />
        <Scatter data={points} shape={renderPoint} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
});

/** A point's mark: a diamond for a baseline, a hollow circle below the threshold, a ringed one for the viewer's team. */
function PointMark({ point, cx, cy }: { point: ChartPoint; cx: number; cy: number }) {
  const ring = point.isOwnTeam ? (
    <circle cx={cx} cy={cy} r={8.5} className={POINT_CLASSES.ownRing} fill="none" strokeWidth={2} />
  ) : null;
  if (point.isBaseline) {
    const size = 6.5;
    return (
      <>
        {ring}
        <path
          d={`M${cx},${cy - size}L${cx + size},${cy}L${cx},${cy + size}L${cx - size},${cy}Z`}
          className={POINT_CLASSES.baseline}
          data-mark="baseline"
        />
      </>
    );
  }
  const fill = point.isOwnTeam ? POINT_CLASSES.own : POINT_CLASSES.submission;
  return (
    <>
      {ring}
      {point.belowThreshold ? (
        <circle
          cx={cx}
          cy={cy}
          r={4.5}
          className={POINT_CLASSES.belowThreshold}
          strokeWidth={2}
          data-mark="below-threshold"
        />
      ) : (
        <circle cx={cx} cy={cy} r={5} className={fill} data-mark={point.isOwnTeam ? "own" : "submission"} />
      )}
    </>
  );
}
