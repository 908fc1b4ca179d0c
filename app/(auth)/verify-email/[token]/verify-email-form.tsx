"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormError, primaryButtonClassName } from "@/app/components/form-fields";
import { verifyEmailAction, type VerifyEmailState } from "./actions";

const initialState: VerifyEmailState = { status: "idle", message: null };

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(verifyEmailAction, initialState);
  if (state.status === "verified") {
    return (
      <p
        role="status"
        data-testid="verify-result"
        className="rounded border border-leaf-600/30 dark:border-leaf-300/40 bg-leaf-50 dark:bg-leaf-900 px-3 py-2 text-sm"
      >
        {state.message}{" "}
        <Link href="/account" className="text-leaf-700 dark:text-leaf-300 underline">
          Go to your account
        </Link>
      </p>
    );
  }
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormError message={state.status === "error" ? state.message : null} />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Confirm my email address
      </button>
    </form>
  );
}
