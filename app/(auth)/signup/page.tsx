import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  // Signed in already: nothing to do here (and no "Create an account" offered to someone who has one).
  if (await currentUser()) redirect(callbackUrl);
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create an account</h1>
      <SignUpForm callbackUrl={callbackUrl} />
      <p className="text-sm text-stone-700 dark:text-stone-300">
        Already have an account?{" "}
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="text-leaf-700 dark:text-leaf-300 underline"
        >
          Sign in instead
        </Link>
      </p>
    </section>
  );
}
