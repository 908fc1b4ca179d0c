/**
 * Quality against energy, one panel per task, as a standalone SVG (no charting library: a few dozen points do
 * not need one, and the file must render on GitHub, which strips scripts). x is joules per inference on a log
 * scale, because the baselines span orders of magnitude; y is the task's headline metric on its test split.
 * One colour per hardware profile.
 */
import type { MeasuredRun } from "./measure-all";

export interface ChartPoint {
  task: string;
  /** The task's headline metric, e.g. "accuracy" or "macro_f1". */
  metric: string;
  profile: string;
  name: string;
  joulesPerInference: number;
  quality: number;
}

type Report = { scores?: { split: string; metrics: Record<string, number> }[]; energy?: { joulesPerInference?: number } };

/** The test-split point of every successful run; `headlineMetric(task)` names the y value. */
export function chartPoints(runs: readonly MeasuredRun[], headlineMetric: (task: string) => string): ChartPoint[] {
  return runs.flatMap((run) => {
    const report = run.report as Report;
    const metric = headlineMetric(run.task);
    const quality = report.scores?.find((score) => score.split === "test")?.metrics[metric];
    const joules = report.energy?.joulesPerInference;
    if (run.status !== "ok" || quality === undefined || joules === undefined || !(joules > 0)) return [];
    return [{ task: run.task, metric, profile: run.profile, name: run.name, joulesPerInference: joules, quality }];
  });
}

const PANEL = { width: 420, height: 340, left: 64, right: 16, top: 40, bottom: 56 };
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (value: number) => Number(value.toFixed(1));

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent += 1) ticks.push(10 ** exponent);
  return ticks;
}

function panel(points: readonly ChartPoint[], task: string, profiles: readonly string[], offsetX: number): string[] {
  const plotWidth = PANEL.width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const xs = points.map((point) => Math.log10(point.joulesPerInference));
  // A margin of a fifth of a decade keeps points (and their labels) off the frame.
  const xMin = Math.floor(Math.min(...xs) - 0.2);
  const xMax = Math.max(Math.ceil(Math.max(...xs) + 0.2), xMin + 1);
  const ys = points.map((point) => point.quality);
  const yMin = Math.max(0, Math.floor(Math.min(...ys) * 20) / 20 - 0.05);
  const yMax = Math.min(1, Math.ceil(Math.max(...ys) * 20) / 20 + 0.02);
  const x = (joules: number) => fixed(offsetX + PANEL.left + ((Math.log10(joules) - xMin) / (xMax - xMin)) * plotWidth);
  const y = (quality: number) => fixed(PANEL.top + (1 - (quality - yMin) / Math.max(yMax - yMin, 1e-9)) * plotHeight);
  const left = offsetX + PANEL.left;
  const bottom = PANEL.top + plotHeight;
  const parts = [
    `<text x="${left + plotWidth / 2}" y="24" text-anchor="middle" font-weight="bold">${escapeXml(task)}</text>`,
    `<rect x="${left}" y="${PANEL.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (const tick of logTicks(10 ** xMin, 10 ** xMax)) {
    parts.push(`<line x1="${x(tick)}" y1="${bottom}" x2="${x(tick)}" y2="${bottom + 4}" stroke="#999"/>`);
    parts.push(`<text x="${x(tick)}" y="${bottom + 16}" text-anchor="middle" font-size="11">${tick.toExponential(0)}</text>`);
  }
  for (let tick = Math.ceil(yMin * 20) / 20; tick <= yMax + 1e-9; tick += 0.05) {
    parts.push(`<line x1="${left - 4}" y1="${y(tick)}" x2="${left + plotWidth}" y2="${y(tick)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11">${(tick * 100).toFixed(0)}%</text>`);
  }
  parts.push(`<text x="${left + plotWidth / 2}" y="${bottom + 36}" text-anchor="middle" font-size="12">joules per inference (log scale)</text>`);
  parts.push(`<text transform="translate(${offsetX + 16} ${PANEL.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(points[0]!.metric)} (test)</text>`);
  for (const point of points) {
    const colour = COLOURS[profiles.indexOf(point.profile) % COLOURS.length]!;
    const cx = x(point.joulesPerInference);
    const cy = y(point.quality);
    parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="${colour}"><title>${escapeXml(`${point.name} (${point.profile}): ${(point.quality * 100).toFixed(2)}%, ${point.joulesPerInference.toExponential(2)} J`)}</title></circle>`);
    // Labels point inwards, so the ones near the right edge do not run into the next panel.
    const rightHalf = cx > left + plotWidth / 2;
    parts.push(`<text x="${rightHalf ? cx - 6 : cx + 6}" y="${cy - 5}" font-size="9" fill="#333"${rightHalf ? ' text-anchor="end"' : ""}>${escapeXml(point.name.replace(`${task}-`, ""))}</text>`);
  }
  return parts;
}

export function renderQualityEnergySvg(points: readonly ChartPoint[], title = "Joulebench baselines: quality vs energy"): string {
  const tasks = [...new Set(points.map((point) => point.task))].sort();
  const profiles = [...new Set(points.map((point) => point.profile))].sort();
  const width = Math.max(tasks.length, 1) * PANEL.width;
  const height = PANEL.height + 50;
  const panels = tasks.flatMap((task, index) => panel(points.filter((point) => point.task === task), task, profiles, index * PANEL.width));
  const body = [`  <g transform="translate(0 30)">`, ...panels.map((part) => `    ${part}`), "  </g>"];
  const legend = profiles.map(
    (profile, index) =>
      `  <circle cx="${20 + index * 110}" cy="${height - 14}" r="4" fill="${COLOURS[index % COLOURS.length]}"/><text x="${28 + index * 110}" y="${height - 10}" font-size="12">${escapeXml(profile)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `  <rect width="${width}" height="${height}" fill="white"/>`,
    `  <text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...(points.length === 0 ? [`  <text x="12" y="60">no measured runs</text>`] : body),
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
