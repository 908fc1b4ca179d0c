"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDatabase } from "@/db/client";
import { requestClientAddress } from "@/lib/auth/client-address";
import { signIn } from "@/lib/auth/config";
import { type CredentialField, fieldOfError } from "@/lib/auth/error-field";
import { signInWithPassword } from "@/lib/auth/password-sign-in";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { emailAddressSchema } from "@/lib/data/users";
import { emailSignInEnabled, githubSignInEnabled } from "@/lib/env";
import { toActionResult } from "@/lib/errors";
import {
  accountSubject,
  emailLinkPerAccount,
  forAddress,
  signInPerAddress,
  throttleOrThrow,
} from "@/lib/rate-limit/account-throttles";

export interface SignInState {
  error: string | null;
  /** The field the error is about, marked invalid and focused by the form. */
  field: CredentialField | null;
  // The password comes back only when it was not the problem (a refused attempt for being too many, say).
  values: { email: string; password: string };
}

export interface MagicLinkState {
  error: string | null;
  email: string;
}

// FormData.get gives null for a missing field and a File for a crafted one; both read as "".
const text = z.string().catch("");
const signInForm = z.object({ email: text, password: text, callbackUrl: text });
const magicLinkForm = z.object({ email: text, callbackUrl: text });

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const form = signInForm.parse({
    email: formData.get("email"),
    password: formData.get("password"),
    callbackUrl: formData.get("callbackUrl"),
  });
  const result = await toActionResult(() => signInWithPassword(form.email, form.password));
  if (!result.ok) {
    const field = fieldOfError(result.code, result.message);
    return {
      error: result.message,
      field,
      values: { email: form.email, password: field === "password" ? "" : form.password },
    };
  }
  // Outside toActionResult: redirect() works by throwing, which must reach Next.js.
  redirect(safeCallbackPath(form.callbackUrl));
}

export async function sendSignInLinkAction(_previous: MagicLinkState, formData: FormData): Promise<MagicLinkState> {
  const form = magicLinkForm.parse({ email: formData.get("email"), callbackUrl: formData.get("callbackUrl") });
  const email = emailAddressSchema.safeParse(form.email);
  if (!email.success) return { error: "Enter a valid email address, like ada@example.com.", email: form.email };
  if (!emailSignInEnabled()) return { error: "Sign-in links are not available on this site.", email: form.email };
  const throttled = await toActionResult(async () =>
    throttleOrThrow(getDatabase(), [
      { rule: emailLinkPerAccount, subject: accountSubject(email.data) },
      { rule: forAddress(signInPerAddress), subject: await requestClientAddress() },
    ]),
  );
  if (!throttled.ok) return { error: throttled.message, email: form.email };
  try {
    // redirect: false: Auth.js would send the browser to /api/auth/verify-request, which only bounces on to our
    // page, and the address bar would keep the intermediate URL.
    await signIn("nodemailer", { email: email.data, redirectTo: safeCallbackPath(form.callbackUrl), redirect: false });
  } catch (error) {
    unstable_rethrow(error);
    console.error(error);
    return { error: "We could not send the sign-in link. Please try again in a minute.", email: form.email };
  }
  redirect("/signin/check-email");
}

export async function continueWithGitHubAction(formData: FormData): Promise<void> {
  if (!githubSignInEnabled()) redirect("/signin");
  await signIn("github", { redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
}
