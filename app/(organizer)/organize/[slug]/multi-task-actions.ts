"use server";

import { getDatabase } from "@/db/client";
import type { RankedEnergyKind } from "@/db/schema";
import { requireUser } from "@/lib/auth/session";
import { createMultiTaskTrack } from "@/lib/data/multi-task-tracks";
import { field, formResult, optionalNumber } from "../form-result";
import type { FormState } from "../form-state";

/**
 * The form lists every task with a checkbox ("task"), and per task its metric ("metric:<id>") and weight
 * ("weight:<id>"); the checked ones become the track's tasks, in the form's order. Every check is lib/data's.
 */
export async function createMultiTaskTrackAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    const chosen = formData.getAll("task").filter((value): value is string => typeof value === "string");
    const threshold = optionalNumber(formData, "qualityThreshold");
    const track = await createMultiTaskTrack(getDatabase(), user.id, field(formData, "competitionId"), {
      title: field(formData, "title"),
      hardwareProfileId: field(formData, "hardwareProfileId"),
      rankingRule: field(formData, "rankingRule") as "quality",
      qualityThreshold: threshold !== null && threshold > 1 ? threshold / 100 : threshold,
      rankedEnergyKind: field(formData, "rankedEnergyKind") as RankedEnergyKind,
      timeLimitSeconds: optionalNumber(formData, "timeLimitSeconds"),
      tasks: chosen.map((taskId) => ({
        taskId,
        metric: field(formData, `metric:${taskId}`),
        weight: optionalNumber(formData, `weight:${taskId}`),
      })),
    });
    return `Multi-task track "${track.title}" added.`;
  }, `/organize/${slug}`);
}
