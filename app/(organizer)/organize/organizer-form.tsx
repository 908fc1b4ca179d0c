"use client";

import { useActionState, useTransition, type ReactNode } from "react";
import { FormError } from "@/app/components/form-fields";
import { initialFormState, type FormState } from "./form-state";

interface OrganizerFormProps {
  action: (previous: FormState, formData: FormData) => Promise<FormState>;
  submitLabel: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}

/**
 * A form whose action runs on the server. Submitted through a transition rather than the form's `action` prop,
 * so React does not reset the fields: an organizer whose input was refused keeps what they typed.
 */
export function OrganizerForm({ action, submitLabel, children, className, testId }: OrganizerFormProps) {
  const [state, dispatch] = useActionState(action, initialFormState);
  const [pending, startTransition] = useTransition();
  return (
    <form
      noValidate
      data-testid={testId}
      className={className ?? "space-y-3"}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => dispatch(data));
      }}
    >
      <FormError message={state.error} />
      {state.notice ? (
        <p
          role="status"
          className="rounded border border-leaf-200 dark:border-leaf-300/40 bg-leaf-50 dark:bg-leaf-900 px-3 py-2 text-sm text-leaf-800 dark:text-leaf-300"
        >
          {state.notice}
        </p>
      ) : null}
      {children}
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="rounded bg-leaf-600 px-4 py-2 text-sm font-medium text-white hover:bg-leaf-700 disabled:cursor-wait disabled:opacity-60"
      >
        {submitLabel}
      </button>
    </form>
  );
}
