"use client";

import { useActionState } from "react";
import { FormError, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { renameTeamAction, type RenameTeamState } from "./actions";

export function RenameTeamForm({ teamId, name }: { teamId: string; name: string }) {
  const [state, formAction, pending] = useActionState(renameTeamAction, {
    status: "idle",
    message: null,
    name,
  } satisfies RenameTeamState);
  const error = state.status === "error" ? state.message : null;
  useFocusOnError(state, error, "team-rename");
  return (
    <form action={formAction} noValidate className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="teamId" value={teamId} />
      <div className="min-w-0 flex-1 basis-64 space-y-2">
        <FormError id="rename-error" message={error} />
        <TextField
          id="team-rename"
          name="name"
          label="Team name"
          required
          maxLength={60}
          autoComplete="off"
          defaultValue={state.name}
          error={error}
          errorId="rename-error"
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60"
      >
        Rename
      </button>
      <p role="status" className="w-full text-sm text-leaf-700 dark:text-leaf-300">
        {state.status === "saved" && !pending ? state.message : ""}
      </p>
    </form>
  );
}
