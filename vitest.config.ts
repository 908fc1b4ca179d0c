import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Tests load the site's server modules directly, as React Server Components do: the marker is empty there.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["{lib,db,runner,app,ops,tools,test-support}/**/*.test.ts"],
    globalSetup: ["./test-support/db/global-setup.ts"],
    pool: "forks",
    // Budgets, not speed targets (those live in bench/): generous enough that a loaded 2-core machine running
    // sandboxed models meets them with room to spare. Tests assert outcomes, never elapsed times.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // next-auth imports "next/server" without an extension, which Node's own ESM resolver refuses; through
    // Vite's resolver the tests that run real Auth.js (app/account/sign-out-redirect.test.ts) can load it.
    server: { deps: { inline: ["next-auth"] } },
  },
});
