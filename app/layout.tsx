import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getDatabase } from "@/db/client";
import { signOutAction } from "@/app/account/actions";
import { currentUser } from "@/lib/auth/session";
import { isSiteAdmin } from "@/lib/data/site-admins";
import { siteUrl } from "@/lib/env";
import "./globals.css";

const description = "Sustainable-inference competitions: the model that answers well for the fewest joules wins.";

// Read per request, not at build time: the public address (for the social preview's absolute URL) is runtime
// configuration.
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: { default: "Joulebench", template: "%s · Joulebench" },
    description,
    metadataBase: new URL(siteUrl()),
    icons: {
      icon: [
        { url: "/favicon.svg", type: "image/svg+xml" },
        { url: "/favicon.ico", sizes: "32x32" },
      ],
    },
    openGraph: {
      siteName: "Joulebench",
      title: "Joulebench",
      description,
      images: [
        { url: "/social-preview.png", width: 1200, height: 630, alt: "Joulebench: answer well, for the fewest joules" },
      ],
    },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Links in the main navigation, in order. Add a page here with one line.
const navLinks: Array<{ href: string; label: string }> = [
  { href: "/competitions", label: "Competitions" },
  { href: "/teams", label: "Teams" },
  { href: "/methodology", label: "Methodology" },
  { href: "/docs", label: "Guides" },
];

// The footer's links: the guides a team or an organizer looks for, served from docs/ (lib/site-docs).
const footerLinks: Array<{ href: string; label: string }> = [
  { href: "/docs/submitting", label: "Submitting a model" },
  { href: "/methodology", label: "How we measure" },
  { href: "/docs/organizing", label: "Organizing" },
  { href: "/docs/runners", label: "Runners" },
  { href: "/docs/security", label: "Security" },
  { href: "/docs/datasets", label: "Datasets" },
];

const headerLink =
  "rounded px-1 hover:underline focus-visible:outline-2 focus-visible:outline-leaf-700 dark:focus-visible:outline-leaf-300";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const admin = user ? await isSiteAdmin(getDatabase(), user.id) : false;
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only rounded bg-white dark:bg-stone-900 px-3 py-2 font-medium text-leaf-700 dark:text-leaf-300 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to main content
        </a>
        <header className="border-b border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900">
          <nav
            className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3 text-sm"
            aria-label="Main"
          >
            <Link href="/" className={`font-semibold text-leaf-700 dark:text-leaf-300 ${headerLink}`}>
              ⚡ Joulebench
            </Link>
            {navLinks.map((link) => (
              <Link key={link.href} href={link.href} className={headerLink}>
                {link.label}
              </Link>
            ))}
            {user ? (
              <Link href="/submissions" className={headerLink}>
                Submissions
              </Link>
            ) : null}
            {admin ? (
              <Link href="/organize" className={headerLink}>
                Organize
              </Link>
            ) : null}
            {admin ? (
              <Link href="/runners" className={headerLink}>
                Runners
              </Link>
            ) : null}
            <span className="flex-1" />
            {user ? (
              <>
                <Link
                  href="/account"
                  className={`max-w-[16rem] truncate ${headerLink}`}
                  data-testid="account-link"
                  title={user.email ?? undefined}
                >
                  {user.email ?? user.name ?? "Account"}
                </Link>
                <form action={signOutAction}>
                  <button
                    type="submit"
                    className={`text-stone-700 dark:text-stone-300 ${headerLink}`}
                    data-testid="header-sign-out"
                  >
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <>
                <Link href="/signin" className={headerLink}>
                  Sign in
                </Link>
                <Link href="/signup" className="rounded bg-leaf-600 px-3 py-1 text-white hover:bg-leaf-700">
                  Sign up
                </Link>
              </>
            )}
          </nav>
        </header>
        {/* Prose reads best in a narrow column; a page marked data-wide-page (the boards) takes the screen's width. */}
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none has-[[data-wide-page]]:max-w-[96rem]"
        >
          {children}
        </main>
        <footer className="border-t border-stone-200 dark:border-stone-700 bg-white dark:bg-stone-900">
          <div className="mx-auto flex max-w-5xl flex-wrap gap-x-5 gap-y-1 px-4 py-4 text-sm text-stone-700 dark:text-stone-300">
            <span className="w-full">
              Joulebench: accuracy, latency and energy of compact models, measured on fixed hardware.
            </span>
            <nav aria-label="Guides" className="flex flex-wrap gap-x-4 gap-y-1">
              {footerLinks.map((link) => (
                <Link key={link.href} href={link.href} className={`text-leaf-700 dark:text-leaf-300 ${headerLink}`}>
                  {link.label}
                </Link>
              ))}
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
