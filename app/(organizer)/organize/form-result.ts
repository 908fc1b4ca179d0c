// Server-side helpers of the organizer forms' actions (revalidatePath is server-only; ./form-state.ts is shared).
import { revalidatePath } from "next/cache";
import { toActionResult } from "@/lib/errors";
import type { FormState } from "./form-state";

/** Runs the work, turns an AppError into the form's message, and refreshes the page on success. */
export async function formResult(work: () => Promise<string>, revalidate: string): Promise<FormState> {
  const result = await toActionResult(work);
  if (!result.ok) return { error: result.message, notice: null };
  revalidatePath(revalidate);
  return { error: null, notice: result.value };
}

/** A text field of a form: FormData.get gives null when absent and a File when crafted; both read as "". */
export function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** An optional whole number: "" is null (no limit); anything else must parse, or zod refuses it downstream. */
export function optionalNumber(formData: FormData, name: string): number | null {
  const value = field(formData, name).trim();
  return value === "" ? null : Number(value);
}
