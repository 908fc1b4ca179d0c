"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { RevokedTokenList } from "./revoked-token-list";
import { type ChangePasswordState, changePasswordAction } from "./security-actions";

const initialState: ChangePasswordState = {
  status: "idle",
  message: null,
  field: null,
  values: { currentPassword: "", newPassword: "" },
  revokedTokens: [],
};

export function ChangePasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const [state, formAction, pending] = useActionState(changePasswordAction, initialState);
  const error = state.status === "error" ? state.message : null;
  useFocusOnError(state, error, state.field === "current" ? "current-password" : "new-password");
  return (
    <form action={formAction} noValidate className="space-y-3">
      <FormError id="password-error" message={error} />
      {hasPassword ? (
        <TextField
          id="current-password"
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          defaultValue={state.values.currentPassword}
          error={state.field === "current" ? error : null}
          errorId="password-error"
        />
      ) : null}
      <TextField
        id="new-password"
        name="newPassword"
        label={hasPassword ? "New password" : "Choose a password"}
        type="password"
        autoComplete="new-password"
        required
        defaultValue={state.values.newPassword}
        error={state.field === "new" ? error : null}
        errorId="password-error"
        hint="At least 10 characters. Changing it signs out your other devices and revokes your API tokens."
      />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending}
          className="rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60"
        >
          {hasPassword ? "Change password" : "Set password"}
        </button>
        <p role="status" className="text-sm text-leaf-700 dark:text-leaf-300">
          {state.status === "saved" && !pending ? state.message : ""}
        </p>
      </div>
      {state.status === "saved" && state.revokedTokens.length > 0 ? (
        <RevokedTokenList tokens={state.revokedTokens} />
      ) : null}
    </form>
  );
}
