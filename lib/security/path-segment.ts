/**
 * A path parameter with a NUL or another control character names nothing the site holds (slugs and ids are
 * plain text), and PostgreSQL refuses a NUL in text outright, which would otherwise surface as a 500. Such a
 * parameter is answered 404 before it reaches the database: by proxy.ts for pages and badges, by pathParams
 * (lib/api/path-params.ts) for API v1.
 */
export function hasControlCharacter(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** The decoded path of a request's URL, or null when it does not decode (a stray "%" is not a path either). */
export function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
