"use client";

import { useActionState } from "react";
import { dangerButtonClassName, FormError, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { type DeleteAccountState, deleteAccountAction } from "./security-actions";

const initialState: DeleteAccountState = { error: null, values: { email: "" } };

export function DeleteAccountForm({ email, hasPassword }: { email: string; hasPassword: boolean }) {
  const [state, formAction, pending] = useActionState(deleteAccountAction, initialState);
  useFocusOnError(state, state.error, "delete-error");
  return (
    <form action={formAction} noValidate className="space-y-3">
      <FormError id="delete-error" message={state.error} />
      <TextField
        id="delete-email"
        name="email"
        label={`Type your email address (${email}) to confirm`}
        autoComplete="off"
        required
        defaultValue={state.values.email}
      />
      {hasPassword ? (
        <TextField
          id="delete-password"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
      ) : null}
      <button type="submit" disabled={pending} aria-busy={pending} className={dangerButtonClassName}>
        Delete my account
      </button>
    </form>
  );
}
