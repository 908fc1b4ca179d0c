"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/form-fields";
import { joinTeamAction, type JoinTeamState } from "./actions";

const joinButton =
  "rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60";
const initialState: JoinTeamState = { error: null };

export function JoinTeamForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(joinTeamAction, initialState);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormError message={state.error} />
      <button type="submit" disabled={pending} aria-busy={pending} className={joinButton}>
        Join team
      </button>
    </form>
  );
}
