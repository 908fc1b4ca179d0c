/**
 * The session cookie's two names. Over https it carries the __Secure- prefix, which makes browsers refuse it over
 * plain http. Shared by Auth.js's configuration and by the web server's page cache, which answers only requests
 * without a session (ops/web-server/page-cache.ts).
 */
export const SESSION_COOKIE_NAME = "joulebench.session-token";
export const SECURE_SESSION_COOKIE_NAME = `__Secure-${SESSION_COOKIE_NAME}`;
