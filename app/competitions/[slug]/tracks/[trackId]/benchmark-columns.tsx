/**
 * A multi-task board's own columns, after the track's: the benchmark energy (joules to answer every test example
 * of every task once, with its interval) and each task's score, read from the aggregate result
 * (metrics["task:<slug>"]).
 */
import { formatJoules } from "@/app/models/[submissionId]/benchmark-tasks";
import { formatPercent } from "@/app/components/leaderboard/format";
import type { BoardEntry } from "@/lib/ranking/types";

export interface BenchmarkColumnTask {
  slug: string;
  title: string;
  metric: string;
  weight: number;
}

export function BenchmarkHeaders({ tasks }: { tasks: BenchmarkColumnTask[] }) {
  if (tasks.length === 0) return null;
  return (
    <>
      <th
        scope="col"
        className="px-2 py-2"
        title="Energy to answer every test example of every task once, with its interval"
      >
        Benchmark energy
      </th>
      {tasks.map((task) => (
        <th
          key={task.slug}
          scope="col"
          className="px-2 py-2"
          title={`${task.title}: ${task.metric}, weight ${task.weight}`}
          data-testid="task-column"
        >
          {task.slug}
        </th>
      ))}
    </>
  );
}

export function BenchmarkCells({ entry, tasks }: { entry: BoardEntry; tasks: BenchmarkColumnTask[] }) {
  if (tasks.length === 0) return null;
  const interval = entry.benchmarkEnergyInterval;
  return (
    <>
      <td className="px-2 py-2 whitespace-nowrap" data-testid="benchmark-energy">
        {formatJoules(entry.benchmarkEnergyJoules)}
        <span className="block text-[11px] text-stone-600 dark:text-stone-300">
          {interval ? `${formatJoules(interval.low)}–${formatJoules(interval.high)}` : "interval not reported"}
        </span>
      </td>
      {tasks.map((task) => (
        <td key={task.slug} className="px-2 py-2" data-testid={`task-score-${task.slug}`}>
          {formatPercent(entry.metrics[`task:${task.slug}`] ?? null)}
        </td>
      ))}
    </>
  );
}
