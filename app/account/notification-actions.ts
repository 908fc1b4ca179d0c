"use server";

import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { setEvaluationEmails } from "@/lib/data/users";
import { toActionResult } from "@/lib/errors";

export interface EvaluationEmailsState {
  status: "idle" | "saved" | "error";
  message: string | null;
  enabled: boolean;
}

/** The signed-in user's own preference: the form names no user, so nobody can change another's. */
export async function updateEvaluationEmailsAction(
  _previous: EvaluationEmailsState,
  formData: FormData,
): Promise<EvaluationEmailsState> {
  const user = await requireUser("/account");
  const enabled = formData.get("evaluationEmails") === "on";
  const result = await toActionResult(() => setEvaluationEmails(getDatabase(), user.id, enabled));
  if (!result.ok) return { status: "error", message: result.message, enabled: !enabled };
  return {
    status: "saved",
    message: enabled ? "Saved: you will get evaluation emails." : "Saved: no more evaluation emails.",
    enabled,
  };
}
