"use client";

import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { signUpAction, type SignUpState } from "./actions";

const initialState: SignUpState = { error: null, field: null, values: { name: "", email: "", password: "" } };
const ERROR_ID = "signup-error";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signUpAction, initialState);
  useFocusOnError(state, state.error, state.field ? `signup-${state.field}` : ERROR_ID);
  const errorFor = (field: SignUpState["field"]) => (state.field === field ? state.error : null);
  return (
    // noValidate: the server's messages (one place, role="alert") explain every problem, browser bubbles don't.
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError id={ERROR_ID} message={state.error} />
      <TextField
        id="signup-name"
        name="name"
        label="Name"
        autoComplete="name"
        required
        defaultValue={state.values.name}
        error={errorFor("name")}
        errorId={ERROR_ID}
      />
      <TextField
        id="signup-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values.email}
        error={errorFor("email")}
        errorId={ERROR_ID}
      />
      <TextField
        id="signup-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        defaultValue={state.values.password}
        error={errorFor("password")}
        errorId={ERROR_ID}
        hint="At least 10 characters. A few uncommon words make a strong password; symbols are optional."
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Create account
      </button>
    </form>
  );
}
