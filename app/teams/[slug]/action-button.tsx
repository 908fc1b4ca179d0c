"use client";

import { useActionState, useId, useState } from "react";
import { FormError } from "@/app/components/form-fields";
import type { ButtonState } from "./actions";

const styles = {
  primary: "rounded bg-leaf-600 px-3 py-1 text-sm font-medium text-white hover:bg-leaf-700",
  secondary:
    "rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 text-sm hover:bg-stone-100 dark:hover:bg-stone-800",
  danger:
    "rounded border border-red-700 dark:border-red-400 bg-white dark:bg-stone-900 px-3 py-1 text-sm text-red-800 dark:text-red-300 hover:bg-red-50 dark:hover:bg-red-950",
  confirm: "rounded bg-red-700 px-3 py-1 text-sm font-medium text-white hover:bg-red-800",
};

interface ActionButtonProps {
  action: (previous: ButtonState, formData: FormData) => Promise<ButtonState>;
  /** Hidden fields the action reads (ids); the action checks the actor may touch them. */
  fields: Record<string, string>;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  /**
   * For destructive actions: what will be lost. The first click only shows this with a confirm and a cancel
   * button; nothing happens until the user confirms.
   */
  confirmation?: { message: string; confirmLabel: string };
}

/** A one-button form (Remove, Make owner, Revoke, Leave team) that shows its own error beside it. */
export function ActionButton({ action, fields, label, variant = "secondary", confirmation }: ActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  const [confirming, setConfirming] = useState(false);
  const messageId = useId();
  const hidden = Object.entries(fields).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  if (confirmation && !confirming) {
    return (
      <div className="inline-flex flex-col items-start gap-1">
        <button type="button" onClick={() => setConfirming(true)} className={styles[variant]}>
          {label}
        </button>
        <FormError message={state.error} />
      </div>
    );
  }
  return (
    <form
      action={formAction}
      className="inline-flex max-w-md flex-col items-start gap-2"
      role={confirmation ? "group" : undefined}
      aria-labelledby={confirmation ? messageId : undefined}
    >
      {hidden}
      {confirmation ? (
        <p id={messageId} className="text-sm text-red-900 dark:text-red-300" data-testid="confirmation-message">
          {confirmation.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending}
          // Focus moves to the confirm button so a keyboard user hears the question and can answer it.
          autoFocus={Boolean(confirmation)}
          className={`${confirmation ? styles.confirm : styles[variant]} disabled:cursor-wait disabled:opacity-60`}
        >
          {confirmation ? confirmation.confirmLabel : label}
        </button>
        {confirmation ? (
          <button type="button" onClick={() => setConfirming(false)} className={styles.secondary}>
            Cancel
          </button>
        ) : null}
      </div>
      <FormError message={state.error} />
    </form>
  );
}
