"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FormError } from "@/app/components/form-fields";
import type { SubmissionJson } from "./serialized";
import { ResultsTable, Timeline } from "./submission-parts";

/** Polling, not server-sent events: one small JSON read a second per open page, through the same API as the CLI. */
const POLL_INTERVAL_MS = 1000;

/** What each state means while no finer detail has been reported yet. */
const STAGE_WORDS: Record<string, string> = {
  queued: "waiting for a runner",
  validating: "checking the bundle",
  evaluating: "scoring accuracy",
  measuring: "measuring latency and energy",
};

export function LiveSubmission({ initial }: { initial: SubmissionJson }) {
  const [view, setView] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const pending = view.canCancel;
  const router = useRouter();
  const wasPending = useRef(pending);

  // Once the evaluation ends, the server parts of the page (its place on the board) are rendered again.
  useEffect(() => {
    if (wasPending.current && !pending) router.refresh();
    wasPending.current = pending;
  }, [pending, router]);

  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const response = await fetch(`/api/v1/submissions/${view.id}`, { cache: "no-store" }).catch(() => null);
      if (!stopped && response?.ok) setView((await response.json()) as SubmissionJson);
    }, POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pending, view.id]);

  async function act(action: "cancel" | "resubmit") {
    setBusy(true);
    setError(null);
    setConfirmingCancel(false);
    const response = await fetch(`/api/v1/submissions/${view.id}/${action}`, { method: "POST" }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as
      | (SubmissionJson & { error?: { code: string; message: string } })
      | null;
    if (response?.ok && body) setView(body);
    else setError(body?.error ? `${body.error.message} [${body.error.code}]` : "The request failed. Please try again.");
    setBusy(false);
  }

  const evaluation = view.evaluation;
  const percent = Math.round((evaluation?.progress ?? 0) * 100);
  return (
    <div className="space-y-8">
      <div className="space-y-2" data-testid="evaluation-status">
        <p>
          Evaluation: <strong data-testid="evaluation-state">{evaluation?.state ?? "not queued"}</strong>
          {evaluation && evaluation.attempts > 1 ? ` (attempt ${evaluation.attempts})` : null}
        </p>
        {pending ? (
          <>
            <progress
              max={100}
              value={percent}
              aria-label="Evaluation progress"
              aria-describedby="progress-label"
              className="w-full"
              data-testid="evaluation-progress"
            />
            <p id="progress-label" className="text-sm text-stone-700 dark:text-stone-300" data-testid="progress-label">
              {percent}% · {evaluation?.progressDetail ?? STAGE_WORDS[evaluation?.state ?? ""] ?? evaluation?.state}
            </p>
          </>
        ) : null}
        {view.waitingForRunner ? (
          <p
            role="status"
            className="rounded border border-amber-300 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100"
          >
            No runner serving {view.track.hardwareProfileId} is online right now. Your submission keeps its place in the
            queue and starts when one comes back; the organizers have been shown the waiting queue.
          </p>
        ) : null}
        {evaluation?.state === "failed" && evaluation.errorCode ? (
          <div
            role="alert"
            className="rounded border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-800 dark:text-red-300"
          >
            <p>
              <strong>{evaluation.errorCode}</strong>: {evaluation.errorMessage}
            </p>
          </div>
        ) : null}
        {view.moderation.disqualifiedReason ? (
          <p role="alert">Disqualified by the organizers: {view.moderation.disqualifiedReason}</p>
        ) : null}
        {view.moderation.hiddenReason ? (
          <p role="status">Hidden from the public leaderboard by the organizers: {view.moderation.hiddenReason}</p>
        ) : null}
        <div className="flex gap-2">
          {view.canCancel && !confirmingCancel ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirmingCancel(true)}
              className="rounded border border-red-700 dark:border-red-400 bg-white dark:bg-stone-900 px-3 py-1 text-sm text-red-800 dark:text-red-300"
            >
              Cancel evaluation
            </button>
          ) : null}
          {view.canCancel && confirmingCancel ? (
            <div
              role="group"
              aria-label="Confirm cancelling"
              className="flex flex-wrap items-center gap-2 text-sm"
              data-testid="confirm-cancel"
            >
              <span>
                Stop this evaluation now? Its measurement so far is discarded; you can evaluate the same bundle again
                later.
              </span>
              <button
                type="button"
                disabled={busy}
                onClick={() => void act("cancel")}
                className="rounded border border-red-700 bg-red-700 px-3 py-1 text-white dark:border-red-400"
              >
                Yes, cancel it
              </button>
              <button
                type="button"
                onClick={() => setConfirmingCancel(false)}
                className="rounded border border-stone-500 bg-white px-3 py-1 dark:bg-stone-900"
              >
                Keep it running
              </button>
            </div>
          ) : null}
          {view.canResubmit && evaluation?.state !== "finished" ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act("resubmit")}
              className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 text-sm"
            >
              Evaluate again
            </button>
          ) : null}
        </div>
        <FormError message={error} />
      </div>

      <ResultsTable results={view.results} privateResultsHidden={view.privateResultsHidden} />
      <Timeline events={view.events} />

      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Sandbox log</h2>
        <pre
          tabIndex={0}
          aria-label="Sandbox log"
          className="max-h-80 overflow-auto rounded bg-stone-900 p-3 text-xs text-stone-100 dark:border dark:border-stone-700"
          data-testid="sandbox-log"
        >
          {view.log || "The runner wrote nothing to the log for this evaluation."}
        </pre>
      </div>
    </div>
  );
}
