"use server";

import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { moderateSubmission, rerunSubmission, rerunTrack } from "@/lib/data/moderation";
import { webQueue } from "@/lib/submissions/services";
import { field, formResult } from "../../../form-result";
import type { FormState } from "../../../form-state";

const page = (formData: FormData) => `/organize/${field(formData, "slug")}/tracks/${field(formData, "trackId")}`;

export async function moderateAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser(page(formData));
  const reason = field(formData, "reason");
  const change = field(formData, "change");
  const input =
    change === "hide"
      ? { hiddenReason: reason }
      : change === "show"
        ? { hiddenReason: null }
        : change === "disqualify"
          ? { disqualifiedReason: reason }
          : change === "reinstate"
            ? { disqualifiedReason: null }
            : change === "baseline"
              ? { isBaseline: true }
              : change === "not-baseline"
                ? { isBaseline: false }
                : {};
  return formResult(async () => {
    await moderateSubmission(getDatabase(), user.id, field(formData, "submissionId"), input);
    return "Saved; the team sees the reason on its submission page.";
  }, page(formData));
}

export async function rerunSubmissionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser(page(formData));
  return formResult(async () => {
    await rerunSubmission(getDatabase(), await webQueue(), user.id, field(formData, "submissionId"));
    return "Queued again; earlier results are kept.";
  }, page(formData));
}

export async function rerunTrackAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const user = await requireUser(page(formData));
  return formResult(async () => {
    const { queued, skipped } = await rerunTrack(getDatabase(), await webQueue(), user.id, field(formData, "trackId"));
    return `${queued} submission${queued === 1 ? "" : "s"} queued again; ${skipped} skipped (withdrawn, disqualified, or already waiting).`;
  }, page(formData));
}
