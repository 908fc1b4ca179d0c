/**
 * Seeds a board of finished submissions for `npm run bench:web`, in SQL (generate_series), fast enough for
 * 100,000 submissions. Each result row copies a real runner row (e2e/fixtures/board-results.json: its details,
 * model facts and host, so rows are as large as real ones) with figures varied per submission. Teams are fixed at
 * 500: a competition grows by submissions, not by teams.
 */
import { readFileSync } from "node:fs";
import type { Sql } from "postgres";

export const BENCH_TEAMS = 500;
export const BENCH_COMPETITION = "bench-board";
export const BENCH_TRACK = "bench-track";

interface CapturedRow {
  details: Record<string, unknown>;
  modelFacts: Record<string, unknown>;
  hostFingerprint: Record<string, unknown>;
}
const captured = JSON.parse(
  readFileSync(new URL("../../../e2e/fixtures/board-results.json", import.meta.url), "utf8"),
) as {
  models: { rows: CapturedRow[] }[];
};
const template = captured.models[0]!.rows[0]!;

export async function seedCompetition(sql: Sql): Promise<void> {
  await sql`insert into competitions (id, slug, title, visibility, status) values ('bench-c', ${BENCH_COMPETITION}, 'Benchmark board', 'public', 'open')`;
  await sql`insert into tasks (id, slug, title, input_fields, labels, metrics, dataset_files, out_of_domain_split)
    values ('bench-task', 'bench-sst2', 'SST-2 sentiment', '["sentence"]', '["negative","positive"]', '["accuracy","macro_f1"]', '{}', 'imdb')`;
  await sql`insert into hardware_profiles (id, title, kind, spec) values ('cpu-1t', 'One CPU thread', 'cpu', '{}') on conflict do nothing`;
  await sql`insert into tracks (id, competition_id, task_id, hardware_profile_id, title, quality_threshold)
    values (${BENCH_TRACK}, 'bench-c', 'bench-task', 'cpu-1t', 'One CPU thread', 0.8)`;
  await sql`insert into phases (id, competition_id, name, kind, starts_at, ends_at) values ('bench-phase', 'bench-c', 'Development', 'development', now() - interval '1 day', now() + interval '30 days')`;
  await sql`insert into teams (id, slug, name) select 'bench-team-' || i, 'bench-team-' || i, 'Team ' || i from generate_series(1, ${BENCH_TEAMS}) i`;
}

/** Submissions number `from`..`to` (inclusive), each with one finished evaluation and public, private and OOD rows. */
export async function seedSubmissions(sql: Sql, from: number, to: number): Promise<void> {
  // As text cast to jsonb: drizzle's postgres.js client passes json parameters through unserialized.
  const details = JSON.stringify(template.details);
  const facts = JSON.stringify(template.modelFacts);
  const host = JSON.stringify(template.hostFingerprint);
  await sql`insert into submissions (id, team_id, track_id, name, artifact_path, sha256, size_bytes, state, created_at)
    select 'bench-s-' || i, 'bench-team-' || (i % ${BENCH_TEAMS} + 1), ${BENCH_TRACK}, 'model-' || i, 'bench.zip', md5(i::text) || md5(i::text), 4096, 'scored',
      now() - make_interval(secs => i)
    from generate_series(${from}::int, ${to}::int) i`;
  await sql`insert into evaluations (id, submission_id, hardware_profile_id, state, progress, finished_at, versions)
    select 'bench-e-' || i, 'bench-s-' || i, 'cpu-1t', 'finished', 1, now(), '{"protocol":"bench"}'
    from generate_series(${from}::int, ${to}::int) i`;
  // Figures vary deterministically with i: accuracy 0.70-0.90, energy 50-150 µJ with a ±8% interval.
  await sql`insert into results (id, evaluation_id, split, examples, metrics, latency_p50_ms, latency_p90_ms, latency_p99_ms, latency_mean_ms,
      latency_p50_ci_low_ms, latency_p50_ci_high_ms, latency_p90_ci_low_ms, latency_p90_ci_high_ms, throughput_per_second,
      energy_joules_per_inference, energy_wh_per_thousand, energy_method, energy_kind, energy_ci_low_joules_per_inference,
      energy_ci_high_joules_per_inference, carbon_grams_per_thousand, peak_rss_bytes, noisy, model_facts, host_fingerprint, details)
    select 'bench-r-' || split || '-' || i, 'bench-e-' || i, split, 900,
      jsonb_build_object('accuracy', q, 'macro_f1', q - 0.005),
      lat, lat * 1.6, lat * 2.5, lat * 1.1, lat * 0.95, lat * 1.05, lat * 1.5, lat * 1.7, 1000 / lat,
      e, e / 3.6, 'estimated', 'estimated', e * 0.92, e * 1.08, e / 3.6 / 1000 * 481, 60000000, false,
      ${facts}::jsonb, ${host}::jsonb, ${details}::jsonb
    from generate_series(${from}::int, ${to}::int) i,
      lateral (select 0.7 + ((i::bigint * 7919) % 2000) / 10000.0 as q, 0.00005 + ((i::bigint * 104729) % 10000) / 100000000.0 as e, 0.04 + ((i::bigint * 31) % 100) / 1000.0 as lat) figures,
      unnest(array['public', 'private', 'ood:imdb']) split`;
  // Vacuumed as well as analyzed: autovacuum would otherwise visit the freshly written tables during the first
  // measured load and take a core from it (the 100,000 board's first page load once measured a p95 4x its own).
  for (const table of ["submissions", "evaluations", "results"]) await sql.unsafe(`vacuum (analyze) ${table}`);
}
