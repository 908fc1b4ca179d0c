import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { emailSignInEnabled, githubSignInEnabled } from "@/lib/env";
import { secondaryButtonClassName } from "@/app/components/form-fields";
import { continueWithGitHubAction } from "./actions";
import { authErrorMessage } from "./auth-error-message";
import { MagicLinkForm } from "./magic-link-form";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const callbackUrl = safeCallbackPath(query.callbackUrl);
  // Signed in already: nothing to do here (and no "Create an account" offered to someone who has one).
  if (await currentUser()) redirect(callbackUrl);
  const authError = authErrorMessage(query.error);
  const withEmailLink = emailSignInEnabled();
  const withGitHub = githubSignInEnabled();
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in</h1>
      {authError ? (
        <p
          role="alert"
          data-testid="auth-error"
          className="rounded border border-amber-200 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100"
        >
          {authError}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
      {withEmailLink || withGitHub ? (
        <div className="space-y-4 border-t border-stone-200 dark:border-stone-700 pt-6">
          <p className="text-sm text-stone-700 dark:text-stone-300">Or sign in without a password:</p>
          {withEmailLink ? <MagicLinkForm callbackUrl={callbackUrl} /> : null}
          {withGitHub ? (
            <form action={continueWithGitHubAction}>
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button type="submit" className={secondaryButtonClassName}>
                Continue with GitHub
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <p className="text-sm text-stone-700 dark:text-stone-300">
        New to Joulebench?{" "}
        <Link
          href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="text-leaf-700 dark:text-leaf-300 underline"
        >
          Create an account
        </Link>
      </p>
    </section>
  );
}
