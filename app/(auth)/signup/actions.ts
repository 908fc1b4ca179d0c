"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { type CredentialField, fieldOfError } from "@/lib/auth/error-field";
import { signUpWithPassword } from "@/lib/auth/password-sign-in";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { sendVerificationMail } from "@/lib/auth/account-mail";
import { toActionResult } from "@/lib/errors";

export interface SignUpState {
  error: string | null;
  /** The field the error is about, marked invalid and focused by the form. */
  field: CredentialField | null;
  // Echoed back so the form keeps what was typed (React resets a form after its action). The password comes back
  // only when it was not the problem, so a taken address does not cost the user their carefully typed password.
  values: { name: string; email: string; password: string };
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
  if (!result.ok) {
    const field = fieldOfError(result.code, result.message);
    return {
      error: result.message,
      field,
      values: { name: form.name, email: form.email, password: field === "password" ? "" : form.password },
    };
  }
  // The account works at once; the address is verified when its owner opens the link (needed for invites).
  await sendVerificationMail(result.value.id);
  // Outside toActionResult: redirect() works by throwing, which must reach Next.js.
  redirect(safeCallbackPath(form.callbackUrl));
}
