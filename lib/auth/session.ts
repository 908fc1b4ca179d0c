import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth, sessionCookie } from "./config";
import { signInPathFor } from "./safe-callback-url";

export interface SignedInUser {
  id: string;
  email: string | null;
  name: string | null;
}

/** Both names the session cookie can have (over https it carries the __Secure- prefix). */
const SESSION_COOKIE_NAMES = [sessionCookie(true).name, sessionCookie(false).name];

/** The signed-in user, read from the database session on the server; null when signed out. */
export async function currentUser(): Promise<SignedInUser | null> {
  // A request without a session cookie is a visitor: Auth.js would answer null too, after building its whole
  // request and response (a third of an anonymous board request's time). Only the cookie's absence is trusted
  // here; a cookie that is present is always checked against the database by auth().
  if (!(await hasSessionCookie())) return null;
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? null, name: user.name ?? null };
}

async function hasSessionCookie(): Promise<boolean> {
  try {
    const jar = await cookies();
    return SESSION_COOKIE_NAMES.some((name) => jar.has(name));
  } catch {
    // Outside a request (a script or a test calling in directly): let Auth.js decide as before.
    return true;
  }
}

/** For pages and actions that need a user: sends a signed-out visitor to sign in, then back to `returnTo`. */
export async function requireUser(returnTo = "/"): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(signInPathFor(returnTo));
  return user;
}
