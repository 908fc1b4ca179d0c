// Presentational pieces shared by the forms (no hooks, so server and client components can both use them; the
// focus-on-error hook is in ./use-focus-on-error.ts).
//
// Contrast (WCAG 2.1 AA): white on leaf-600 is 5.0:1 (globals.css shifts the leaf scale darker for this), input
// borders are stone-500 on white, 4.8:1 (1.4.11 asks 3:1 for the edges of a control). In the dark scheme controls
// are stone-900 with stone-400 edges (6.8:1), and focus and error rings turn light (leaf-300, red-400).
import type { InputHTMLAttributes, ReactNode } from "react";

export const inputClassName =
  "w-full rounded border border-stone-500 bg-white px-3 py-2 focus:border-leaf-600 focus:outline-none focus:ring-2 focus:ring-leaf-600 aria-invalid:border-red-700 aria-invalid:ring-1 aria-invalid:ring-red-700 dark:border-stone-400 dark:bg-stone-900 dark:focus:border-leaf-300 dark:focus:ring-leaf-300 dark:aria-invalid:border-red-400 dark:aria-invalid:ring-red-400";
/** A select beside the text fields: the same edges and surface (its focus ring is the global one, globals.css). */
export const selectClassName =
  "w-full rounded border border-stone-500 bg-white px-3 py-2 dark:border-stone-400 dark:bg-stone-900";
export const primaryButtonClassName =
  "w-full rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60";
export const secondaryButtonClassName =
  "w-full rounded border border-stone-500 bg-white px-4 py-2 font-medium hover:bg-stone-100 disabled:cursor-wait disabled:opacity-60 dark:border-stone-400 dark:bg-stone-900 dark:hover:bg-stone-800";
export const dangerButtonClassName =
  "rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:cursor-wait disabled:opacity-60";

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: ReactNode;
  /** The form's error when it is about this field: the field is marked invalid and points at the message. */
  error?: string | null;
  /** The id of that message (FormError's `id`), so a screen reader reads it with the field. */
  errorId?: string;
}

export function TextField({ id, label, hint, error, errorId, ...input }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [error && errorId ? errorId : undefined, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        className={inputClassName}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-stone-600 dark:text-stone-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The one error a form shows; role="alert" so screen readers announce it when it appears. */
export function FormError({ message, id }: { message: string | null | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p
      id={id}
      role="alert"
      data-testid="form-error"
      tabIndex={-1}
      className="rounded border border-red-200 dark:border-red-800 bg-red-50 dark:bg-red-950 px-3 py-2 text-sm text-red-800 dark:text-red-300"
    >
      {message}
    </p>
  );
}
