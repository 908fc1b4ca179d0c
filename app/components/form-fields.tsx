// Presentational pieces shared by the sign-up, sign-in and account forms (no hooks, so server and client
// components can both use them).
import type { InputHTMLAttributes, ReactNode } from "react";

export const inputClassName =
  "w-full rounded border border-stone-300 bg-white px-3 py-2 focus:border-leaf-600 focus:outline-none focus:ring-1 focus:ring-leaf-600";
export const primaryButtonClassName =
  "w-full rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60";
export const secondaryButtonClassName =
  "w-full rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100 disabled:cursor-wait disabled:opacity-60";

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: ReactNode;
}

export function TextField({ id, label, hint, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} aria-describedby={hintId} className={inputClassName} {...input} />
      {hint ? (
        <p id={hintId} className="text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The one error a form shows; role="alert" so screen readers announce it when it appears. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid="form-error"
      className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      {message}
    </p>
  );
}
