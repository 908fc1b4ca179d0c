"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { signInAction, type SignInState } from "./actions";

const initialState: SignInState = { error: null, values: { email: "" } };

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signInAction, initialState);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <TextField
        id="signin-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values.email}
      />
      <TextField
        id="signin-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Sign in
      </button>
    </form>
  );
}
