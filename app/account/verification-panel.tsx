"use client";

import { useActionState } from "react";
import { type VerificationMailState, sendVerificationMailAction } from "./security-actions";

const initialState: VerificationMailState = { status: "idle", message: null };

/** Shown while the address is not verified: what that means, and how to fix it on this site. */
export function VerificationPanel({ canSendMail }: { canSendMail: boolean }) {
  const [state, formAction, pending] = useActionState(sendVerificationMailAction, initialState);
  return (
    <div
      className="space-y-2 rounded border border-amber-300 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 p-4 text-sm text-amber-950 dark:text-amber-100"
      data-testid="verification-panel"
    >
      <p>
        <strong>Your email address is not verified.</strong> Until it is, you cannot accept team invites sent to it.
      </p>
      {canSendMail ? (
        <form action={formAction} className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={pending}
            aria-busy={pending}
            className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 font-medium hover:bg-stone-100 dark:hover:bg-stone-800 disabled:opacity-60"
          >
            Email me a verification link
          </button>
          <span role="status">{state.message}</span>
        </form>
      ) : (
        <p>This site does not send email: ask its operator to verify your address.</p>
      )}
    </div>
  );
}
