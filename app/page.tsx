import Link from "next/link";
import { currentUser } from "@/lib/auth/session";

export default async function HomePage() {
  const signedIn = (await currentUser()) !== null;
  return (
    <section className="space-y-6">
      <h1 className="text-3xl font-bold">Answer well, for the fewest joules.</h1>
      <p className="max-w-2xl text-stone-700 dark:text-stone-300">
        Joulebench hosts sustainable-inference competitions. Organizers open competitions on fixed tasks; teams
        submit compact ONNX models; a sandboxed runner measures each model&apos;s accuracy, latency and energy on
        fixed hardware profiles; ranked leaderboards reward the model that answers well for the fewest joules.
      </p>
      <div className="flex flex-wrap gap-3">
        {signedIn ? null : (
          <Link href="/signup" className="rounded bg-leaf-600 px-4 py-2 text-white hover:bg-leaf-700">
            Create an account
          </Link>
        )}
        <Link href="/teams" className="rounded border border-stone-500 px-4 py-2 hover:bg-white dark:hover:bg-stone-900">
          Your teams
        </Link>
      </div>
    </section>
  );
}
