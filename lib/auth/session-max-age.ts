// How long a sign-in lasts, whichever way the user signed in. It lives apart from ./config.ts so that code which
// only needs the number (lib/data, its tests, the runner) does not pull in next-auth and Next.js's server modules.
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
