"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signUpWithPassword } from "@/lib/auth/password-sign-in";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { toActionResult } from "@/lib/errors";

export interface SignUpState {
  error: string | null;
  // Echoed back so the form keeps what was typed (React resets a form after its action); never the password.
  values: { name: string; email: string };
}

// FormData.get gives null for a missing field and a File for a crafted one; both read as "".
const signUpForm = z.object({
  name: z.string().catch(""),
  email: z.string().catch(""),
  password: z.string().catch(""),
  callbackUrl: z.string().optional().catch(undefined),
});

export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const form = signUpForm.parse({
    name: formData.get("name"),
    email: formData.get("email"),
    password: formData.get("password"),
    callbackUrl: formData.get("callbackUrl"),
  });
  const result = await toActionResult(() => signUpWithPassword(form));
  if (!result.ok) return { error: result.message, values: { name: form.name, email: form.email } };
  // Outside toActionResult: redirect() works by throwing, which must reach Next.js.
  redirect(safeCallbackPath(form.callbackUrl));
}
