/**
 * The task list of a multi-task track, checked as a whole so an organizer sees every problem at once: at least two
 * distinct tasks, each scored by one of its own metrics, weights that are finite, not negative and add up to a
 * positive number (a benchmark score is a weighted mean: with weights summing to 0 there is nothing to divide by).
 * Pure: the data layer passes the tasks it found.
 */
export interface TrackTaskChoice {
  taskId: string;
  metric: string;
  /** Weight in the benchmark score; 1 (SuperGLUE's equal weighting) when not given. */
  weight?: number | null;
}

export interface KnownTask {
  id: string;
  slug: string;
  title: string;
  metrics: readonly string[];
}

export interface CheckedTrackTask {
  taskId: string;
  slug: string;
  title: string;
  metric: string;
  weight: number;
  position: number;
}

export function checkTrackTaskList(
  choices: readonly TrackTaskChoice[],
  known: ReadonlyMap<string, KnownTask>,
): { ok: true; tasks: CheckedTrackTask[] } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (choices.length < 2) problems.push(`A multi-task track needs at least two tasks (it has ${choices.length}).`);
  const seen = new Set<string>();
  const tasks: CheckedTrackTask[] = [];
  choices.forEach((choice, position) => {
    const task = known.get(choice.taskId);
    const where = `Task ${position + 1}`;
    if (!task) {
      problems.push(`${where} is not a task this competition may use.`);
      return;
    }
    if (seen.has(task.id)) problems.push(`${where} (${task.slug}) is listed twice.`);
    seen.add(task.id);
    if (!task.metrics.includes(choice.metric)) {
      problems.push(`${where} (${task.slug}) measures ${task.metrics.join(", ")}, not "${choice.metric}".`);
    }
    const weight = choice.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0)
      problems.push(`${where} (${task.slug}) has weight ${weight}; a weight is a number of at least 0.`);
    tasks.push({ taskId: task.id, slug: task.slug, title: task.title, metric: choice.metric, weight, position });
  });
  const total = tasks.reduce(
    (sum, task) => sum + (Number.isFinite(task.weight) && task.weight > 0 ? task.weight : 0),
    0,
  );
  if (tasks.length > 0 && !(total > 0))
    problems.push("The weights add up to 0; at least one task needs a positive weight.");
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tasks };
}
