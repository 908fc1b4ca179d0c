import { checkHealth, healthHttpStatus } from "@/lib/data/health";

// Every probe must reach the database; a cached answer would say "ok" about a database that has gone.
export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  return Response.json(report, { status: healthHttpStatus(report), headers: { "cache-control": "no-store" } });
}
