"use client";
/**
 * Quality against energy (log scale) and against latency p90, drawn with Recharts from the same standings as the
 * table: the Pareto front as a line, baselines as diamonds, each point a link to its model page (the table's model
 * links are the keyboard route to the same pages).
 */
import { useRouter } from "next/navigation";
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { whPerThousand } from "@/lib/ranking/columns";
import { paretoFront } from "@/lib/ranking/pareto";
import type { RankedEntry } from "@/lib/ranking/types";

interface ChartPoint {
  id: string;
  name: string;
  x: number;
  y: number;
}

function pointsOf(rows: readonly RankedEntry[], cost: (row: RankedEntry) => number | null) {
  const points: (ChartPoint & { baseline: boolean })[] = [];
  for (const row of rows) {
    const x = cost(row);
    const y = row.entry.quality;
    if (x === null || x <= 0 || y === null) continue;
    points.push({ id: row.entry.submissionId, name: `${row.entry.teamName} · ${row.entry.modelName}`, x, y: y * 100, baseline: row.entry.isBaseline });
  }
  const frontIds = paretoFront(points.map((p) => ({ id: p.id, quality: p.y, cost: p.x })));
  const byId = new Map(points.map((p) => [p.id, p]));
  return {
    submissions: points.filter((p) => !p.baseline),
    baselines: points.filter((p) => p.baseline),
    front: frontIds.map((id) => byId.get(id)!),
  };
}

export function BoardCharts({ rows }: { rows: RankedEntry[] }) {
  // Only one energy kind is comparable: the chart shows the rows the board can rank, plus those below threshold.
  const plotted = rows.filter((row) => row.section !== "unranked");
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
      <QualityChart title="Quality against energy per 1,000 inferences (Wh, log scale)" xLabel="Wh / 1,000" rows={plotted} cost={(row) => whPerThousand(row.entry)} testId="chart-energy" />
      <QualityChart title="Quality against latency p90 (ms, log scale)" xLabel="p90 ms" rows={plotted} cost={(row) => row.entry.latencyP90Ms} testId="chart-latency" />
    </div>
  );
}

/** The quality-versus-energy chart alone, for the home page's flagship board. */
export function EnergyQualityChart({ rows, title }: { rows: RankedEntry[]; title: string }) {
  return <QualityChart title={title} xLabel="Wh / 1,000" rows={rows} cost={(row) => whPerThousand(row.entry)} testId="chart-energy" />;
}

function QualityChart({ title, xLabel, rows, cost, testId }: { title: string; xLabel: string; rows: RankedEntry[]; cost: (row: RankedEntry) => number | null; testId: string }) {
  const router = useRouter();
  const { submissions, baselines, front } = pointsOf(rows, cost);
  // Recharts hands the clicked point's data back in `payload`; its handler type is loose, so we check the shape.
  const open = (point: unknown) => {
    const payload = (point as { payload?: { id?: unknown } } | null)?.payload;
    if (payload && typeof payload.id === "string") router.push(`/models/${payload.id}`);
  };
  return (
    <figure className="min-w-0 rounded border border-stone-200 p-2 dark:border-stone-700" data-testid={testId}>
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {submissions.length + baselines.length === 0 ? (
        <p className="text-sm">Nothing to plot yet: no entry has both figures.</p>
      ) : (
        <div className="h-72 w-full" role="img" aria-label={`${title}: ${submissions.length} submissions, ${baselines.length} baselines, ${front.length} on the Pareto front. The table lists the same figures.`}>
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#d6d3d1" />
              <XAxis type="number" dataKey="x" name={xLabel} scale="log" domain={["auto", "auto"]} allowDataOverflow={false} tick={{ fill: "currentColor" }} tickFormatter={(v: number) => v.toPrecision(2)} label={{ value: xLabel, position: "insideBottom", offset: -12, fill: "currentColor" }} />
              <YAxis type="number" dataKey="y" name="Quality %" domain={["auto", "auto"]} unit="%" width={56} tick={{ fill: "currentColor" }} />
              <Tooltip cursor={{ strokeDasharray: "3 3" }} formatter={(value: unknown) => (typeof value === "number" ? value.toPrecision(3) : String(value))} labelFormatter={() => ""} />
              <Legend verticalAlign="top" height={24} formatter={(value: string) => <span className="text-stone-800 dark:text-stone-100">{value}</span>} />
              <Scatter name="Submissions" data={submissions} fill="#15803d" onClick={open} cursor="pointer" />
              <Scatter name="Baselines" data={baselines} fill="#7c2d12" shape="diamond" onClick={open} cursor="pointer" />
              <Scatter name="Pareto front" data={front} fill="none" line={{ stroke: "#0369a1", strokeWidth: 2 }} shape={() => <g />} legendType="line" isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
