import type { Metadata } from "next";
import { getDatabase } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getUserProfile } from "@/lib/data/users";
import { emailSignInEnabled } from "@/lib/env";
import { signOutAction } from "./actions";
import { DisplayNameForm } from "./display-name-form";

export const metadata: Metadata = { title: "Account" };

const providerNames: Record<string, string> = { github: "GitHub", nodemailer: "Email link" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  const profile = await getUserProfile(getDatabase(), user.id);
  const methods = [
    { name: "Password", detail: profile.hasPassword ? "Set" : "Not set" },
    ...(emailSignInEnabled() && profile.email ? [{ name: "Email link", detail: `Sent to ${profile.email}` }] : []),
    ...profile.linkedProviders
      .filter((provider) => provider !== "nodemailer")
      .map((provider) => ({ name: providerNames[provider] ?? provider, detail: "Linked" })),
  ];
  return (
    <section className="mx-auto max-w-xl space-y-8">
      <h1 className="text-2xl font-bold">Your account</h1>

      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-stone-500">Email</dt>
        <dd data-testid="account-email">{profile.email ?? "No email address"}</dd>
        <dt className="text-stone-500">Member since</dt>
        <dd>{profile.createdAt.toISOString().slice(0, 10)}</dd>
      </dl>

      <div className="rounded border border-stone-200 bg-white p-4">
        <DisplayNameForm name={profile.name ?? ""} />
      </div>

      <div className="space-y-2">
        <h2 className="text-lg font-semibold">Sign-in methods</h2>
        <ul className="divide-y divide-stone-200 rounded border border-stone-200 bg-white text-sm" aria-label="Sign-in methods">
          {methods.map((method) => (
            <li key={method.name} className="flex justify-between px-4 py-2">
              <span>{method.name}</span>
              <span className="text-stone-600">{method.detail}</span>
            </li>
          ))}
        </ul>
      </div>

      <form action={signOutAction}>
        <button type="submit" className="rounded border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100">
          Sign out
        </button>
      </form>
    </section>
  );
}
