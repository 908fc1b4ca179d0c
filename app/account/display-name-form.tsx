"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { type DisplayNameState, updateDisplayNameAction } from "./actions";

export function DisplayNameForm({ name }: { name: string }) {
  const [state, formAction, pending] = useActionState(updateDisplayNameAction, {
    status: "idle",
    message: null,
    name,
  } satisfies DisplayNameState);
  const error = state.status === "error" ? state.message : null;
  useFocusOnError(state, error, "account-name");
  return (
    <form action={formAction} noValidate className="space-y-3">
      <FormError id="account-name-error" message={error} />
      <TextField
        id="account-name"
        name="name"
        label="Display name"
        autoComplete="name"
        required
        defaultValue={state.name}
        error={error}
        errorId="account-name-error"
      />
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
