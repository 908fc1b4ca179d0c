"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/form-fields";
import { type EvaluationEmailsState, updateEvaluationEmailsAction } from "./notification-actions";

/** The per-user opt-out of the "your evaluation finished / failed" emails. */
export function EvaluationEmailsForm({ enabled, hasEmail }: { enabled: boolean; hasEmail: boolean }) {
  const [state, formAction, pending] = useActionState(updateEvaluationEmailsAction, {
    status: "idle",
    message: null,
    enabled,
  } satisfies EvaluationEmailsState);
  return (
    <form action={formAction} className="space-y-3" data-testid="evaluation-emails">
      <h2 className="text-lg font-semibold">Evaluation emails</h2>
      <FormError message={state.status === "error" ? state.message : null} />
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="evaluationEmails"
          defaultChecked={state.enabled}
          key={String(state.enabled)}
          className="mt-1"
        />
        <span>
          Email me when one of my teams&apos; evaluations finishes (with its headline figures) or fails (with the
          failure code).
          {hasEmail ? null : " Your account has no email address, so nothing is sent."}
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending}
          className="rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60"
        >
          Save
        </button>
        <p role="status" className="text-sm text-leaf-700 dark:text-leaf-300">
          {state.status === "saved" && !pending ? state.message : ""}
        </p>
      </div>
    </form>
  );
}
