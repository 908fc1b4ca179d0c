import type { Metadata } from "next";
import Link from "next/link";
import { getDatabase } from "@/db/client";
import { isUsableUserToken } from "@/lib/data/user-tokens";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Looking does not use the link up: mail scanners open links, and only the form's submit counts.
  const usable = await isUsableUserToken(getDatabase(), token, "reset_password");
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p
          role="status"
          className="rounded border border-amber-200 dark:border-amber-700 bg-amber-50 dark:bg-amber-950 px-3 py-2 text-sm text-amber-900 dark:text-amber-100"
        >
          This password reset link has expired or was already used.{" "}
          <Link href="/forgot-password" className="text-leaf-700 dark:text-leaf-300 underline">
            Ask for a new one
          </Link>
          .
        </p>
      )}
    </section>
  );
}
