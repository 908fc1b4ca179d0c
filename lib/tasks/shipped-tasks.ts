/**
 * The tasks shipped with Joulebench: one JSON file per task in ./definitions, validated when first read, so a
 * broken definition fails every test and start-up rather than an evaluation halfway through.
 */
import { DatasetError } from "./dataset-error";
import { parseTaskDefinition, type TaskDefinition } from "./task-definition";
import agNews from "./definitions/ag-news.json";
import boolq from "./definitions/boolq.json";
import cb from "./definitions/cb.json";
import rte from "./definitions/rte.json";
import smsSpam from "./definitions/sms-spam.json";
import sst2 from "./definitions/sst2.json";

const SHIPPED: Record<string, unknown> = {
  "ag-news.json": agNews,
  "boolq.json": boolq,
  "cb.json": cb,
  "rte.json": rte,
  "sms-spam.json": smsSpam,
  "sst2.json": sst2,
};

let cache: Map<string, TaskDefinition> | undefined;

function definitions(): Map<string, TaskDefinition> {
  if (cache) return cache;
  const parsed = new Map<string, TaskDefinition>();
  for (const [file, json] of Object.entries(SHIPPED)) {
    const task = parseTaskDefinition(json, `lib/tasks/definitions/${file}`);
    if (`${task.slug}.json` !== file) {
      throw new DatasetError(
        "TASK_DEFINITION_INVALID",
        `lib/tasks/definitions/${file} declares slug "${task.slug}"; name the file ${task.slug}.json.`,
      );
    }
    parsed.set(task.slug, task);
  }
  cache = parsed;
  return parsed;
}

export function listTaskDefinitions(): TaskDefinition[] {
  return [...definitions().values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

export function getTaskDefinition(slug: string): TaskDefinition {
  const task = definitions().get(slug);
  if (!task) {
    throw new DatasetError(
      "UNKNOWN_TASK",
      `There is no task "${slug}". Known tasks: ${[...definitions().keys()].sort().join(", ")}.`,
    );
  }
  return task;
}
