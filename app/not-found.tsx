import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** Every 404 of the site: unknown paths, teams the visitor cannot see, invite links that do not exist. */
export default function NotFound() {
  return (
    <section className="mx-auto max-w-md space-y-4 py-8 text-center">
      <p className="text-5xl" aria-hidden="true">
        ⚡
      </p>
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="text-stone-700 dark:text-stone-300">
        There is nothing here, or nothing you can see. If someone sent you this link, check that you copied all of it.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        <Link href="/" className="rounded bg-leaf-600 px-4 py-2 font-medium text-white hover:bg-leaf-700">
          Go to the home page
        </Link>
        <Link
          href="/teams"
          className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-4 py-2 font-medium hover:bg-stone-100 dark:hover:bg-stone-800"
        >
          Your teams
        </Link>
      </div>
    </section>
  );
}
