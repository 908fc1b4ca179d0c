import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/session";
import { secondaryButtonClassName } from "@/app/components/form-fields";
import { signOutAction } from "@/app/account/actions";

export const metadata: Metadata = { title: "Sign out" };

/** Our page in place of Auth.js's unstyled one (pages.signOut in lib/auth/config.ts). */
export default async function SignOutPage() {
  const user = await currentUser();
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign out</h1>
      {user ? (
        <form action={signOutAction} className="space-y-4">
          <p className="text-sm text-stone-700 dark:text-stone-300">You are signed in as {user.email ?? user.name}.</p>
          <button type="submit" className={secondaryButtonClassName}>
            Sign out
          </button>
        </form>
      ) : (
        <p className="text-sm text-stone-700 dark:text-stone-300">
          You are signed out.{" "}
          <Link href="/signin" className="text-leaf-700 dark:text-leaf-300 underline">
            Sign in
          </Link>
        </p>
      )}
    </section>
  );
}
