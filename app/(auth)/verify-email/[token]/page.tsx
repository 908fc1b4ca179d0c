import type { Metadata } from "next";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

/** Opening the link changes nothing (mail scanners open links); the button confirms. */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Confirm your email address</h1>
      <p className="text-sm text-stone-700 dark:text-stone-300">
        Confirming proves this address is yours, so team invites sent to it can be accepted from your account.
      </p>
      <VerifyEmailForm token={token} />
    </section>
  );
}
