"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { createTeamAction, type CreateTeamState } from "./actions";

const initialState: CreateTeamState = { error: null, values: { name: "" } };

export function CreateTeamForm() {
  const [state, formAction, pending] = useActionState(createTeamAction, initialState);
  useFocusOnError(state, state.error, "team-name");
  return (
    // noValidate: the server's message (one place, role="alert") explains the problem, browser bubbles don't.
    <form action={formAction} noValidate className="max-w-sm space-y-4">
      <FormError id="create-team-error" message={state.error} />
      <TextField
        id="team-name"
        name="name"
        label="Team name"
        required
        minLength={2}
        maxLength={60}
        autoComplete="off"
        hint="2 to 60 characters. You can rename the team later."
        defaultValue={state.values.name}
        error={state.error}
        errorId="create-team-error"
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Create team
      </button>
    </form>
  );
}
