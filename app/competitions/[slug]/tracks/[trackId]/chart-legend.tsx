/**
 * The charts' marks and their legend. Colours meet 3:1 against the page in both schemes (WCAG 2.1 1.4.11, checked
 * by e2e/board-charts.spec.ts): leaf-600 and amber-700 on the light page (about 5:1), leaf-300 and amber-300 on
 * stone-950 (over 10:1); the legend is HTML under the plot, so it wraps on a phone instead of covering points.
 */
import type { ChartPoint } from "@/lib/ranking/chart-points";

export const POINT_CLASSES = {
  submission: "fill-leaf-600 dark:fill-leaf-300",
  own: "fill-violet-700 dark:fill-violet-300",
  ownRing: "stroke-violet-700 dark:stroke-violet-300",
  baseline: "fill-amber-700 dark:fill-amber-300",
  belowThreshold: "fill-none stroke-leaf-600 dark:stroke-leaf-300",
  front: "stroke-sky-700 dark:stroke-sky-400",
} as const;

function Swatch({ children }: { children: React.ReactNode }) {
  return (
    <svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true" className="shrink-0">
      {children}
    </svg>
  );
}

export function ChartLegend({ points }: { points: readonly ChartPoint[] }) {
  const items: { key: string; label: string; swatch: React.ReactNode }[] = [
    {
      key: "submission",
      label: "Submissions",
      swatch: <circle cx="9" cy="7" r="5" className={POINT_CLASSES.submission} />,
    },
  ];
  if (points.some((point) => point.isOwnTeam)) {
    items.push({
      key: "own",
      label: "Your team",
      swatch: (
        <>
          <circle cx="9" cy="7" r="6" fill="none" strokeWidth="1.5" className={POINT_CLASSES.ownRing} />
          <circle cx="9" cy="7" r="3.5" className={POINT_CLASSES.own} />
        </>
      ),
    });
  }
  if (points.some((point) => point.isBaseline)) {
    items.push({
      key: "baseline",
      label: "Baselines",
      swatch: <path d="M9,1L15,7L9,13L3,7Z" className={POINT_CLASSES.baseline} />,
    });
  }
  if (points.some((point) => point.belowThreshold)) {
    items.push({
      key: "below",
      label: "Below the quality threshold",
      swatch: <circle cx="9" cy="7" r="4.5" strokeWidth="2" className={POINT_CLASSES.belowThreshold} />,
    });
  }
  items.push({
    key: "front",
    label: "Pareto front",
    swatch: <line x1="1" y1="7" x2="17" y2="7" strokeWidth="2" className={POINT_CLASSES.front} />,
  });
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="chart-legend" aria-label="Legend">
      {items.map((item) => (
        <li key={item.key} className="flex items-center gap-1">
          <Swatch>{item.swatch}</Swatch>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
