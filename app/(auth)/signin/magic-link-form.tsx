"use client";

import { useActionState } from "react";
import { FormError, secondaryButtonClassName, TextField } from "@/app/components/form-fields";
import { type MagicLinkState, sendSignInLinkAction } from "./actions";

const initialState: MagicLinkState = { error: null, email: "" };

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(sendSignInLinkAction, initialState);
  return (
    <form action={formAction} noValidate className="space-y-3">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <TextField
        id="magic-link-email"
        name="email"
        label="Email address for a sign-in link"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.email}
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={secondaryButtonClassName}>
        Email me a sign-in link
      </button>
    </form>
  );
}
