import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Forgot your password?</h1>
      <p className="text-sm text-stone-700 dark:text-stone-300">
        Enter the address you signed up with. We will email you a link to choose a new password.
      </p>
      <ForgotPasswordForm />
      <p className="text-sm text-stone-700 dark:text-stone-300">
        Remembered it?{" "}
        <Link href="/signin" className="text-leaf-700 dark:text-leaf-300 underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
