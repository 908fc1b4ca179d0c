/**
 * Runs before every request (Next.js 16 "proxy", formerly middleware) and sets the security headers: a fresh
 * CSP nonce for the page about to render, the fixed headers, and HSTS on an https site. The reasons for each are
 * in lib/security/response-headers.ts.
 */
import { type NextRequest, NextResponse } from "next/server";
import { githubSignInEnabled, readEnvironment, siteUrl } from "./lib/env";
import {
  contentSecurityPolicy,
  createNonce,
  fixedSecurityHeaders,
  STRICT_TRANSPORT_SECURITY,
} from "./lib/security/response-headers";
import { decodedPath, hasControlCharacter } from "./lib/security/path-segment";

export function proxy(request: NextRequest) {
  // "/api/v1" itself slips past the matcher below (it wants the slash): API v1's own handler sets its headers.
  if (request.nextUrl.pathname === "/api/v1") return NextResponse.next();
  const env = readEnvironment();
  const https = siteUrl(env).startsWith("https://");
  const policy = contentSecurityPolicy({
    nonce: createNonce(),
    development: process.env.NODE_ENV === "development",
    https,
    githubSignIn: githubSignInEnabled(env),
  });
  // Next.js takes the nonce for its own scripts from the request's CSP header.
  // A NUL in a path names nothing we hold, and would reach PostgreSQL as an error (a 500): answer 404 here.
  const path = decodedPath(request.nextUrl.pathname);
  if (path === null || hasControlCharacter(path)) {
    const notFound = new NextResponse("Not found.", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    for (const { key, value } of fixedSecurityHeaders) notFound.headers.set(key, value);
    notFound.headers.set("Content-Security-Policy", policy);
    return notFound;
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const { key, value } of fixedSecurityHeaders) response.headers.set(key, value);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

// Every path, the build's static files included: nosniff and the rest matter for them too. Except API v1, whose
// handlers set the API's own headers (lib/api/http.ts's handleApi): its answers need no nonce, and the proxy's
// pass cost as much as a cached board request's own work. The bundle upload must stay outside in any case:
// Next.js buffers the body of every request a proxy sees, in memory and cut off at 10 MB
// (https://nextjs.org/docs/app/api-reference/config/next-config-js/proxyClientMaxBodySize).
export const config = { matcher: "/((?!api/v1/).*)" };
