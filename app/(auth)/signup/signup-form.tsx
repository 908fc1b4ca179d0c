"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { signUpAction, type SignUpState } from "./actions";

const initialState: SignUpState = { error: null, values: { name: "", email: "" } };

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signUpAction, initialState);
  return (
    // noValidate: the server's messages (one place, role="alert") explain every problem, browser bubbles don't.
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError message={state.error} />
      <TextField
        id="signup-name"
        name="name"
        label="Name"
        autoComplete="name"
        required
        defaultValue={state.values.name}
      />
      <TextField
        id="signup-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values.email}
      />
      <TextField
        id="signup-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. A few uncommon words make a strong password; symbols are optional."
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Create account
      </button>
    </form>
  );
}
