import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this file, and it needs no database: migrations are applied by
// db/migrate.ts when any process starts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: undefined,
});
