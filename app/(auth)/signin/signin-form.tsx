"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormError, primaryButtonClassName, TextField } from "@/app/components/form-fields";
import { useFocusOnError } from "@/app/components/use-focus-on-error";
import { signInAction, type SignInState } from "./actions";

const initialState: SignInState = { error: null, field: null, values: { email: "", password: "" } };
const ERROR_ID = "signin-error";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(signInAction, initialState);
  useFocusOnError(state, state.error, state.field ? `signin-${state.field}` : ERROR_ID);
  // "Wrong email or password" is about both fields; the password is the one to retype.
  const errorFor = (field: SignInState["field"]) => (state.field === field ? state.error : null);
  return (
    <form action={formAction} noValidate className="space-y-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormError id={ERROR_ID} message={state.error} />
      <TextField
        id="signin-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values.email}
        error={errorFor("email")}
        errorId={ERROR_ID}
      />
      <TextField
        id="signin-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        defaultValue={state.values.password}
        error={errorFor("password")}
        errorId={ERROR_ID}
      />
      <button type="submit" disabled={pending} aria-busy={pending} className={primaryButtonClassName}>
        Sign in
      </button>
      <p className="text-sm">
        <Link href="/forgot-password" className="text-leaf-700 dark:text-leaf-300 underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}
