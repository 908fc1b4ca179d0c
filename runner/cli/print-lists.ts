/** The tables `joulebench competitions`, `tracks` and `status` (without an id) print: plain columns, one row a line. */
import { formatQualityPercent, metricTitle } from "../../lib/format/metric-names";

export interface CompetitionRow {
  slug: string;
  title: string;
  status: string;
  trackCount: number;
}

export interface TrackRow {
  id: string;
  title: string;
  taskSlug: string;
  hardwareProfileId: string;
  qualityMetric: string;
  qualityThreshold: number | null;
  runnerOnline: boolean;
}

export interface SubmissionRow {
  id: string;
  name: string;
  createdAt: string;
  trackTitle: string;
  competitionSlug: string;
  evaluationState: string | null;
  state: string;
  progress: number | null;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

export function formatCompetitions(competitions: readonly CompetitionRow[]): string {
  if (competitions.length === 0) return "No competitions to show.\n";
  const rows = competitions.map((competition) => [
    competition.slug,
    competition.status,
    String(competition.trackCount),
    competition.title,
  ]);
  return `${table(["SLUG", "STATUS", "TRACKS", "TITLE"], rows)}\nList a competition's tracks with \`joulebench tracks <slug>\`.\n`;
}

export function formatTracks(competitionSlug: string, tracks: readonly TrackRow[]): string {
  if (tracks.length === 0) return `"${competitionSlug}" has no tracks yet.\n`;
  const rows = tracks.map((track) => [
    track.hardwareProfileId,
    track.title,
    track.taskSlug,
    track.qualityThreshold === null
      ? metricTitle(track.qualityMetric)
      : `${metricTitle(track.qualityMetric)} ≥ ${formatQualityPercent(track.qualityThreshold)}`,
    track.runnerOnline ? "online" : "none (submissions wait)",
    track.id,
  ]);
  const profiles = tracks.map((track) => track.hardwareProfileId);
  const unique = profiles.filter((profile) => profiles.indexOf(profile) === profiles.lastIndexOf(profile));
  const hint = unique[0]
    ? `\nSubmit with \`joulebench submit <bundle> --competition ${competitionSlug} --track ${unique[0]}\` (a profile that one track alone has, or the track's id).\n`
    : "\nSubmit with `--track <id>`: each profile here has several tracks.\n";
  return `${table(["PROFILE", "TRACK", "TASK", "METRIC", "RUNNER", "ID"], rows)}${hint}`;
}

export function formatRecentSubmissions(submissions: readonly SubmissionRow[], limit: number): string {
  if (submissions.length === 0) return "Your team has no submissions yet.\n";
  const rows = submissions.slice(0, limit).map((submission) => {
    const state = submission.evaluationState ?? submission.state;
    const running =
      state === "running" && submission.progress !== null ? ` ${Math.round(submission.progress * 100)}%` : "";
    return [
      submission.createdAt.slice(0, 16).replace("T", " "),
      `${state}${running}`,
      submission.name,
      `${submission.competitionSlug} / ${submission.trackTitle}`,
      submission.id,
    ];
  });
  const more = submissions.length > limit ? `(${limit} newest of ${submissions.length}; --limit shows more)\n` : "";
  return `${table(["CREATED (UTC)", "STATE", "NAME", "TRACK", "ID"], rows)}${more}Details: \`joulebench status <id>\`.\n`;
}
