"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, inputClassName } from "@/app/components/form-fields";
import { registerAction } from "./actions";

export function RegisterForm({ slug, teams }: { slug: string; teams: { teamId: string; teamName: string }[] }) {
  const [state, formAction, pending] = useActionState(registerAction, { error: null });
  return (
    <form action={formAction} className="max-w-md space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <div className="space-y-1">
        <label htmlFor="teamId" className="block text-sm font-medium">
          Team
        </label>
        <select id="teamId" name="teamId" className={inputClassName} required>
          {teams.map((team) => (
            <option key={team.teamId} value={team.teamId}>
              {team.teamName}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="acceptRules" required className="mt-1" />
        <span>I have read the rules above and accept them for my team.</span>
      </label>
      <FormError message={state.error} />
      <button type="submit" className={primaryButtonClassName} disabled={pending}>
        {pending ? "Registering…" : "Register the team"}
      </button>
    </form>
  );
}
