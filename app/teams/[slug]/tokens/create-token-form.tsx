"use client";

import { useActionState } from "react";
import { FormError, inputClassName, primaryButtonClassName } from "@/app/components/form-fields";
import { createTokenAction } from "./actions";

export function CreateTokenForm({ teamId, slug }: { teamId: string; slug: string }) {
  const [state, formAction, pending] = useActionState(createTokenAction, { error: null, token: null });
  return (
    <div className="space-y-4">
      <form action={formAction} className="grid max-w-xl gap-3 sm:grid-cols-3 sm:items-end">
        <input type="hidden" name="teamId" value={teamId} />
        <input type="hidden" name="slug" value={slug} />
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="token-name" className="block text-sm font-medium">
            Name
          </label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={80}
            placeholder="laptop, CI"
            className={inputClassName}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="token-days" className="block text-sm font-medium">
            Expires in (days)
          </label>
          <input
            id="token-days"
            name="expiresInDays"
            type="number"
            min={1}
            max={365}
            defaultValue={90}
            className={inputClassName}
          />
        </div>
        <button type="submit" disabled={pending} className={`${primaryButtonClassName} sm:col-span-3`}>
          {pending ? "Making…" : "Make a token"}
        </button>
      </form>
      <FormError message={state.error} />
      {state.token ? (
        <div role="status" className="space-y-2 rounded border border-leaf-600 p-3">
          <p className="text-sm font-medium">Copy this token now: it is shown only once.</p>
          <code data-testid="new-token" className="block break-all rounded bg-stone-100 dark:bg-stone-800 p-2 text-sm">
            {state.token}
          </code>
          <p className="text-sm">
            Then run <code>npx joulebench login</code> and paste it.
          </p>
        </div>
      ) : null}
    </div>
  );
}
