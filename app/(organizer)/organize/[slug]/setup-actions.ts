"use server";

import { getDatabase } from "@/db/client";
import type { RankedEnergyKind } from "@/db/schema";
import { requireUser } from "@/lib/auth/session";
import { createPhase, deletePhase, setPrivateResultsRevealed } from "@/lib/data/phases";
import { createTrack, deleteTrack, updateTrack } from "@/lib/data/tracks";
import { field, formResult, optionalNumber } from "../form-result";
import type { FormState } from "../form-state";

/** A threshold typed as a percentage ("85") or a fraction ("0.85"); empty for none. */
function threshold(formData: FormData): number | null {
  const value = optionalNumber(formData, "qualityThreshold");
  return value !== null && value > 1 ? value / 100 : value;
}

export async function createTrackAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    const track = await createTrack(getDatabase(), user.id, field(formData, "competitionId"), {
      title: field(formData, "title"),
      taskId: field(formData, "taskId"),
      hardwareProfileId: field(formData, "hardwareProfileId"),
      rankingRule: field(formData, "rankingRule") as "quality",
      qualityMetric: field(formData, "qualityMetric"),
      qualityThreshold: threshold(formData),
      // Checked against the two kinds by lib/data/tracks.ts: a crafted form's value is refused there.
      rankedEnergyKind: field(formData, "rankedEnergyKind") as RankedEnergyKind,
      timeLimitSeconds: optionalNumber(formData, "timeLimitSeconds"),
    });
    return `Track "${track.title}" added.`;
  }, `/organize/${slug}`);
}

export async function updateTrackAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    await updateTrack(getDatabase(), user.id, field(formData, "trackId"), {
      title: field(formData, "title"),
      rankingRule: field(formData, "rankingRule") as "quality",
      qualityMetric: field(formData, "qualityMetric"),
      qualityThreshold: threshold(formData),
      rankedEnergyKind: field(formData, "rankedEnergyKind") as RankedEnergyKind,
    });
    return "Track saved.";
  }, `/organize/${slug}`);
}

export async function deleteTrackAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    await deleteTrack(getDatabase(), user.id, field(formData, "trackId"));
    return "Track deleted.";
  }, `/organize/${slug}`);
}

export async function createPhaseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    const phase = await createPhase(getDatabase(), user.id, field(formData, "competitionId"), {
      name: field(formData, "name"),
      kind: field(formData, "kind") === "final" ? "final" : "development",
      // datetime-local fields carry no zone; the form says they are UTC.
      startsAt: utc(field(formData, "startsAt")),
      endsAt: utc(field(formData, "endsAt")),
      submissionsPerDay: optionalNumber(formData, "submissionsPerDay"),
      submissionsTotal: optionalNumber(formData, "submissionsTotal"),
      concurrentSubmissions: optionalNumber(formData, "concurrentSubmissions"),
    });
    return `Phase "${phase.name}" added.`;
  }, `/organize/${slug}`);
}

export async function deletePhaseAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  return formResult(async () => {
    await deletePhase(getDatabase(), user.id, field(formData, "phaseId"));
    return "Phase deleted.";
  }, `/organize/${slug}`);
}

export async function revealPrivateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const slug = field(formData, "slug");
  const user = await requireUser(`/organize/${slug}`);
  const revealed = field(formData, "revealed") === "true";
  return formResult(async () => {
    await setPrivateResultsRevealed(getDatabase(), user.id, field(formData, "phaseId"), revealed);
    return revealed
      ? "Private results are now shown to everyone."
      : "Private results are hidden again until the final phase ends.";
  }, `/organize/${slug}`);
}

function utc(value: string): string {
  return value && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value}Z` : value;
}
