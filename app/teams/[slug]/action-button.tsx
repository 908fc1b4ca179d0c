"use client";

import { useActionState } from "react";
import { FormError } from "@/app/components/form-fields";
import type { ButtonState } from "./actions";

const styles = {
  primary: "rounded bg-leaf-600 px-3 py-1 text-sm font-medium text-white hover:bg-leaf-700",
  secondary: "rounded border border-stone-300 bg-white px-3 py-1 text-sm hover:bg-stone-100",
  danger: "rounded border border-red-300 bg-white px-3 py-1 text-sm text-red-700 hover:bg-red-50",
};

interface ActionButtonProps {
  action: (previous: ButtonState, formData: FormData) => Promise<ButtonState>;
  /** Hidden fields the action reads (ids); the action checks the actor may touch them. */
  fields: Record<string, string>;
  label: string;
  variant?: keyof typeof styles;
}

/** A one-button form (Remove, Make owner, Revoke, Leave team) that shows its own error beside it. */
export function ActionButton({ action, fields, label, variant = "secondary" }: ActionButtonProps) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction} className="inline-flex flex-col items-start gap-1">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className={`${styles[variant]} disabled:cursor-wait disabled:opacity-60`}
      >
        {label}
      </button>
      <FormError message={state.error} />
    </form>
  );
}
