import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Check your email" };

// Auth.js sends people here (pages.verifyRequest) once it has mailed a magic link.
export default function CheckEmailPage() {
  return (
    <section className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Check your email</h1>
      <p className="text-stone-700 dark:text-stone-300">
        We sent you a sign-in link. Open it to sign in: it works once and expires in 15 minutes.
      </p>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Nothing arrived? Check your spam folder, or{" "}
        <Link href="/signin" className="text-leaf-700 dark:text-leaf-300 underline">
          ask for a new link
        </Link>
        .
      </p>
    </section>
  );
}
