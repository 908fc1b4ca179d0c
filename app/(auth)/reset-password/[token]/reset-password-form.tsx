"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { resetPasswordAction, type ResetPasswordState } from "./actions";

const initialState: ResetPasswordState = { error: null };

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, initialState);
  useFocusOnError(state, state.error, "reset-password");
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormError id="reset-error" message={state.error} />
      <TextField
        id="reset-password"
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        error={state.error}
        errorId="reset-error"
        hint="At least 10 characters. A few uncommon words make a strong password."
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Set new password
      </button>
    </form>
  );
}
