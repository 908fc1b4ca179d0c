/**
 * Auth.js 5 with database sessions (the drizzle adapter on our own tables).
 *
 * Providers: GitHub OAuth when AUTH_GITHUB_ID/SECRET are set; email magic links when SMTP_URL is set. Email and
 * password sign-in does not go through Auth.js's Credentials provider, because Auth.js refuses Credentials with
 * database sessions (https://github.com/nextauthjs/next-auth/issues/9636). Instead lib/auth/password-sign-in.ts
 * verifies the password and creates a row in the same `sessions` table under the same cookie, so every sign-in
 * method ends in one kind of session that `auth()` reads and `signOut()` deletes.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { type NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import Nodemailer from "next-auth/providers/nodemailer";
import { getDatabase } from "../../db/client";
import { accounts, sessions, users, verificationTokens } from "../../db/schema";
import { headers } from "next/headers";
import { claimAccountByEmailLink } from "../data/email-verification";
import { readEnvironment, siteUrl } from "../env";
import { SECURE_SESSION_COOKIE_NAME, SESSION_COOKIE_NAME } from "./session-cookie-names";
import { servedOverHttps } from "./site-protocol";
import { SESSION_MAX_AGE_SECONDS } from "./session-max-age";

export { SESSION_MAX_AGE_SECONDS };

/** The session cookie's name and options; `secure` defaults to what AUTH_URL says (see ./site-protocol.ts). */
export function sessionCookie(secure: boolean = siteUrl().startsWith("https://")) {
  return {
    // The __Secure- prefix makes browsers refuse the cookie over plain http, which is what we want in production.
    name: secure ? SECURE_SESSION_COOKIE_NAME : SESSION_COOKIE_NAME,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/** The session cookie for the request being handled: Secure when the browser reached us over https. */
export async function requestSessionCookie() {
  let forwardedProto: string | null = null;
  try {
    forwardedProto = (await headers()).get("x-forwarded-proto");
  } catch {
    // Outside a request (a script): AUTH_URL alone decides.
  }
  return sessionCookie(servedOverHttps(readEnvironment(), forwardedProto));
}

function buildConfig(cookie: ReturnType<typeof sessionCookie>): NextAuthConfig {
  const env = readEnvironment();
  const providers: NextAuthConfig["providers"] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  if (env.SMTP_URL) {
    providers.push(Nodemailer({ server: env.SMTP_URL, from: env.EMAIL_FROM, maxAge: 15 * 60 }));
  }
  return {
    adapter: DrizzleAdapter(getDatabase(), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    providers,
    secret: env.AUTH_SECRET,
    // The site runs behind whatever host the operator chooses (localhost, a proxy); AUTH_URL pins it when set.
    trustHost: true,
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS },
    cookies: { sessionToken: cookie },
    // Our own styled pages instead of Auth.js's built-in ones (sign-out is a button in the header).
    pages: { signIn: "/signin", signOut: "/signout", verifyRequest: "/signin/check-email", error: "/signin" },
    callbacks: {
      async signIn({ user, account, email }) {
        // An email link was just used for an existing account: only now has its address been proven. A password
        // set before that by whoever signed up with the address stops working (lib/data/email-verification.ts).
        if (account?.type === "email" && !email?.verificationRequest && user.id) {
          await claimAccountByEmailLink(getDatabase(), user.id);
        }
        return true;
      },
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
}

// Lazy: the config (and the database client) is built on the first request, never during `next build`.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => buildConfig(await requestSessionCookie()));
