import { redirect } from "next/navigation";
import { auth } from "./config";
import { signInPathFor } from "./safe-callback-url";

export interface SignedInUser {
  id: string;
  email: string | null;
  name: string | null;
}

/** The signed-in user, read from the database session on the server; null when signed out. */
export async function currentUser(): Promise<SignedInUser | null> {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? null, name: user.name ?? null };
}

/** For pages and actions that need a user: sends a signed-out visitor to sign in, then back to `returnTo`. */
export async function requireUser(returnTo = "/"): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(signInPathFor(returnTo));
  return user;
}
