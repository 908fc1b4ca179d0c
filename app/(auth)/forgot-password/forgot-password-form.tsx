"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { type ForgotPasswordState, requestPasswordResetAction } from "./actions";

const initialState: ForgotPasswordState = { status: "idle", message: null, email: "" };

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState(requestPasswordResetAction, initialState);
  const error = state.status === "error" ? state.message : null;
  useFocusOnError(state, error, "forgot-email");
  return (
    <form action={formAction} noValidate className="space-y-4">
      <FormError id="forgot-error" message={error} />
      {state.status === "sent" || state.status === "no-mail" ? (
        <p
          role="status"
          data-testid="forgot-result"
          className="rounded border border-leaf-600/30 dark:border-leaf-300/40 bg-leaf-50 dark:bg-leaf-900 px-3 py-2 text-sm"
        >
          {state.message}
        </p>
      ) : null}
      <TextField
        id="forgot-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email}
        error={error}
        errorId="forgot-error"
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Send me a reset link
      </button>
    </form>
  );
}
