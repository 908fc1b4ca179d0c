/**
 * The audit split's verdict on one evaluation (lib/tasks/task-definition.ts, `splits.audit`): the headline
 * metric on the test split and on the organizer's hidden label-preserving rewrites, and whether the drop between
 * them is beyond the task's stated bound. A model that memorized the public test set (a lookup table, or a large
 * model fine-tuned on it) answers the test sentences and not their rewrites; a model that learned the task
 * answers both about as well. A flagged result is held for the organizer's review, not ranked.
 */
import type { TaskDefinition, TaskMetric } from "./task-definition";

export interface AuditReview {
  metric: TaskMetric;
  /** The headline metric on the whole test split, and on the audit split. */
  testScore: number;
  score: number;
  examples: number;
  /** testScore − score: how much worse the model does on rewrites it has never seen. */
  gap: number;
  bound: number;
  flagged: boolean;
}

interface ScoredSplit {
  split: string;
  examples: number;
  metrics: Partial<Record<TaskMetric, number>>;
}

export function reviewAudit(
  scores: readonly ScoredSplit[],
  task: Pick<TaskDefinition, "metrics" | "splits">,
): AuditReview | undefined {
  const bound = task.splits.audit?.maxScoreGap;
  const metric = task.metrics[0]!;
  const test = scores.find((score) => score.split === "test")?.metrics[metric];
  const audit = scores.find((score) => score.split === "audit");
  const score = audit?.metrics[metric];
  if (bound === undefined || test === undefined || !audit || score === undefined) return undefined;
  const gap = test - score;
  return { metric, testScore: test, score, examples: audit.examples, gap, bound, flagged: gap > bound };
}

/** The report's scores with the audit's verdict beside them, when the task has an audit split and it was scored. */
export function withAuditReview<Score extends ScoredSplit>(
  scores: Score[],
  task: Pick<TaskDefinition, "metrics" | "splits">,
): { scores: Score[]; audit?: AuditReview } {
  const audit = reviewAudit(scores, task);
  return audit ? { scores, audit } : { scores };
}
