import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Joulebench", template: "%s · Joulebench" },
  description: "Sustainable-inference competitions: the model that answers well for the fewest joules wins.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-stone-200 bg-white">
          <nav className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3 text-sm" aria-label="Main">
            <Link href="/" className="font-semibold text-leaf-700">
              ⚡ Joulebench
            </Link>
            <Link href="/teams" className="hover:underline">
              Teams
            </Link>
            <span className="flex-1" />
            {user ? (
              <Link href="/account" className="hover:underline" data-testid="account-link">
                {user.email ?? user.name ?? "Account"}
              </Link>
            ) : (
              <>
                <Link href="/signin" className="hover:underline">
                  Sign in
                </Link>
                <Link href="/signup" className="rounded bg-leaf-600 px-3 py-1 text-white hover:bg-leaf-700">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
