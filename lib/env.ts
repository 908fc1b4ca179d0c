/**
 * Every environment variable Joulebench reads, validated in one place. README.md lists the same variables;
 * `.env.example` shows them with their defaults. (db/database-server.ts reads DATABASE_URL itself because db/
 * imports nothing of ours.)
 */
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATABASE_URL: optionalText,
  // Signs Auth.js cookies and tokens. The launchers generate one into .data/ when it is missing.
  AUTH_SECRET: optionalText,
  // Public base URL of the site, used in invite and magic-link emails.
  AUTH_URL: optionalText,
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  // e.g. smtp://user:pass@smtp.example.com:587 ; enables magic-link sign-in and invite emails.
  SMTP_URL: optionalText,
  EMAIL_FROM: z.string().default("Joulebench <no-reply@joulebench.local>"),
  JOULEBENCH_DATA_DIR: optionalText,
  // Comma-separated hardware profiles the local runner serves.
  RUNNER_PROFILES: z.string().default("cpu-1t"),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export function siteUrl(env: Environment = readEnvironment()): string {
  return (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

export const githubSignInEnabled = (env: Environment = readEnvironment()) =>
  Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);
export const emailSignInEnabled = (env: Environment = readEnvironment()) => Boolean(env.SMTP_URL);
