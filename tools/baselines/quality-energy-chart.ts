/**
 * Quality against energy, one panel per task, as a standalone SVG (no charting library: a few dozen points do
 * not need one, and the file must render on GitHub, which strips scripts). x is joules per 1,000 inferences (the
 * offline pass, the leaderboard's headline) on a log scale, because models can differ by orders of magnitude; y is
 * the task's headline metric on its test split. One colour per hardware profile; a grey line joins one model's
 * points on the different profiles (their quality is the same, so the line is horizontal), and each model is
 * labelled once, beside its cheapest point.
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

type Report = {
  scores?: { split: string; metrics: Record<string, number> }[];
  energy?: { joulesPerInference?: number | null };
};

/** The test-split point of every successful run; `headlineMetric(task)` names the y value. */
export function chartPoints(runs: readonly MeasuredRun[], headlineMetric: (task: string) => string): ChartPoint[] {
  return runs.flatMap((run) => {
    const report = run.report as Report;
    const metric = headlineMetric(run.task);
    const quality = report.scores?.find((score) => score.split === "test")?.metrics[metric];
    const joules = report.energy?.joulesPerInference;
    if (run.status !== "ok" || quality === undefined || typeof joules !== "number" || !(joules > 0)) return [];
    return [{ task: run.task, metric, profile: run.profile, name: run.name, joulesPerInference: joules, quality }];
  });
}

const PANEL = { width: 440, height: 340, left: 64, right: 20, top: 40, bottom: 56 };
/** A task with more models than this gets a double-width panel, so its labels have room. */
const CROWDED = 3;
const ROW_WIDTH = 2 * PANEL.width;
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
const LABEL = { fontSize: 10, charWidth: 5.6, lineHeight: 12 };

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (value: number) => Number(value.toFixed(1));
const perThousand = (point: ChartPoint) => point.joulesPerInference * 1000;

/** Ticks between the bounds: every digit within one decade, 1-2-5 up to two, powers of ten beyond. */
export function logTicks(min: number, max: number): number[] {
  const decades = Math.log10(max) - Math.log10(min);
  const steps = decades > 2 ? [1] : decades > 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent += 1) {
    for (const step of steps) {
      const tick = Number((step * 10 ** exponent).toPrecision(1));
      if (tick >= min * 0.999 && tick <= max * 1.001) ticks.push(tick);
    }
  }
  return ticks;
}

const tickText = (tick: number) => (tick >= 1 ? tick.toLocaleString("en-US") : String(tick));

interface Box {
  x: number;
  y: number;
  width: number;
}

/** Moves a label down (then up) in steps of one line until it overlaps no label already placed. */
function placeLabel(wanted: Box, placed: Box[], bounds: { top: number; bottom: number }): Box {
  const overlaps = (box: Box) =>
    placed.some(
      (other) =>
        Math.abs(other.y - box.y) < LABEL.lineHeight && box.x < other.x + other.width && other.x < box.x + box.width,
    );
  for (let step = 0; step < 12; step += 1) {
    for (const direction of step === 0 ? [0] : [1, -1]) {
      const y = wanted.y + direction * step * LABEL.lineHeight;
      const box = { ...wanted, y };
      if (y >= bounds.top && y <= bounds.bottom && !overlaps(box)) return box;
    }
  }
  return wanted;
}

function panel(
  points: readonly ChartPoint[],
  task: string,
  profiles: readonly string[],
  origin: { x: number; y: number },
  width: number,
): string[] {
  const plotWidth = width - PANEL.left - PANEL.right;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const xs = points.map((point) => Math.log10(perThousand(point)));
  // A margin of an eighth of a decade keeps points off the frame; at least half a decade is shown.
  const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
  const halfSpan = Math.max((Math.max(...xs) - Math.min(...xs)) / 2 + 0.125, 0.25);
  const [xMin, xMax] = [centre - halfSpan, centre + halfSpan];
  const ys = points.map((point) => point.quality);
  const yMin = Math.max(0, Math.floor(Math.min(...ys) * 20) / 20 - 0.05);
  const yMax = Math.min(1, Math.ceil(Math.max(...ys) * 20) / 20 + 0.02);
  const left = origin.x + PANEL.left;
  const top = origin.y + PANEL.top;
  const bottom = top + plotHeight;
  const x = (perThousandJoules: number) =>
    fixed(left + ((Math.log10(perThousandJoules) - xMin) / (xMax - xMin)) * plotWidth);
  const y = (quality: number) => fixed(top + (1 - (quality - yMin) / Math.max(yMax - yMin, 1e-9)) * plotHeight);
  const parts = [
    `<text x="${left + plotWidth / 2}" y="${origin.y + 24}" text-anchor="middle" font-weight="bold">${escapeXml(task)}</text>`,
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`,
  ];
  for (const tick of logTicks(10 ** xMin, 10 ** xMax)) {
    parts.push(`<line x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${bottom + 4}" stroke="#eee"/>`);
    parts.push(`<text x="${x(tick)}" y="${bottom + 16}" text-anchor="middle" font-size="11">${tickText(tick)}</text>`);
  }
  for (let tick = Math.ceil(yMin * 20) / 20; tick <= yMax + 1e-9; tick += 0.05) {
    parts.push(`<line x1="${left - 4}" y1="${y(tick)}" x2="${left + plotWidth}" y2="${y(tick)}" stroke="#eee"/>`);
    parts.push(
      `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="11">${(tick * 100).toFixed(0)}%</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${bottom + 36}" text-anchor="middle" font-size="12">joules per 1,000 inferences (log scale)</text>`,
  );
  parts.push(
    `<text transform="translate(${origin.x + 16} ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(points[0]!.metric)} (test)</text>`,
  );

  const names = [...new Set(points.map((point) => point.name))];
  for (const name of names) {
    const own = points
      .filter((point) => point.name === name)
      .sort((a, b) => a.joulesPerInference - b.joulesPerInference);
    if (own.length > 1) {
      const [first, last] = [own[0]!, own.at(-1)!];
      parts.push(
        `<line x1="${x(perThousand(first))}" y1="${y(first.quality)}" x2="${x(perThousand(last))}" y2="${y(last.quality)}" stroke="#bbb"/>`,
      );
    }
  }
  for (const point of points) {
    const colour = COLOURS[profiles.indexOf(point.profile) % COLOURS.length]!;
    const tooltip = `${point.name} (${point.profile}): ${(point.quality * 100).toFixed(2)}%, ${perThousand(point).toPrecision(3)} J per 1,000 inferences`;
    parts.push(
      `<circle cx="${x(perThousand(point))}" cy="${y(point.quality)}" r="4" fill="${colour}"><title>${escapeXml(tooltip)}</title></circle>`,
    );
  }
  return [
    ...parts,
    ...labelParts(points, task, { left, right: left + plotWidth, top, bottom, x: (point) => x(perThousand(point)), y }),
  ];
}

interface Geometry {
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: (point: ChartPoint) => number;
  y: (quality: number) => number;
}

/**
 * One label per model. Where the points leave a horizontal gap wide enough (on these CPU profiles the cheap and the
 * dear profile form two clusters), the labels stand in a column in that gap, just above their model's line and
 * spread apart where qualities are close; otherwise each label sits beside its model's cheapest point and is
 * nudged off any other label, with a leader back to the point when it had to move.
 */
function labelParts(points: readonly ChartPoint[], task: string, geometry: Geometry): string[] {
  const models = [...new Set(points.map((point) => point.name))].map((name) => {
    const own = points.filter((point) => point.name === name);
    return { own, text: name.replace(`${task}-`, ""), quality: own[0]!.quality };
  });
  const longest = Math.max(...models.map((model) => model.text.length)) * LABEL.charWidth;
  const xs = [geometry.left, ...points.map(geometry.x).sort((a, b) => a - b), geometry.right];
  let gap = { start: 0, end: 0 };
  for (let index = 0; index + 1 < xs.length; index += 1) {
    if (xs[index + 1]! - xs[index]! > gap.end - gap.start) gap = { start: xs[index]!, end: xs[index + 1]! };
  }
  const parts: string[] = [];
  const text = (at: { x: number; y: number }, content: string) =>
    parts.push(
      `<text x="${fixed(at.x)}" y="${fixed(at.y)}" font-size="${LABEL.fontSize}" fill="#333">${escapeXml(content)}</text>`,
    );
  const leader = (from: { x: number; y: number }, to: { x: number; y: number }) =>
    parts.push(
      `<line x1="${fixed(from.x)}" y1="${fixed(from.y)}" x2="${fixed(to.x)}" y2="${fixed(to.y)}" stroke="#999" stroke-width="0.6"/>`,
    );

  const qualityText = (quality: number) => `${(quality * 100).toFixed(2)}%`;
  if (gap.end - gap.start >= longest + 40 + 7 * LABEL.charWidth) {
    // In the column each label carries its quality, so the order of near-equal models stays readable even where
    // their lines are a pixel apart; the column keeps the order of the lines, top to bottom.
    const columnX = gap.start + (gap.end - gap.start - longest - 7 * LABEL.charWidth) / 2;
    const ordered = [...models].sort((a, b) => b.quality - a.quality);
    const ys: number[] = [];
    for (const model of ordered)
      ys.push(Math.max(geometry.y(model.quality) - 3, (ys.at(-1) ?? -Infinity) + LABEL.lineHeight));
    const overflow = Math.max(0, (ys.at(-1) ?? 0) - (geometry.bottom - 2));
    ordered.forEach((model, index) => {
      const labelY = Math.max(ys[index]! - overflow, geometry.top + LABEL.lineHeight);
      text({ x: columnX, y: labelY }, `${model.text} · ${qualityText(model.quality)}`);
    });
    return parts;
  }

  const placed: Box[] = [];
  for (const model of [...models].sort((a, b) => b.quality - a.quality)) {
    const cheapest = model.own.reduce((a, b) => (b.joulesPerInference < a.joulesPerInference ? b : a));
    const textWidth = model.text.length * LABEL.charWidth;
    const cx = geometry.x(cheapest);
    const toRight = cx - 8 - textWidth < geometry.left;
    const wanted = { x: toRight ? cx + 8 : cx - 8 - textWidth, y: geometry.y(model.quality) + 4, width: textWidth };
    const box = placeLabel(wanted, placed, { top: geometry.top + LABEL.lineHeight, bottom: geometry.bottom - 2 });
    placed.push(box);
    if (box.y !== wanted.y)
      leader({ x: toRight ? box.x - 1 : box.x + textWidth + 1, y: box.y - 4 }, { x: cx, y: geometry.y(model.quality) });
    text(box, model.text);
  }
  return parts;
}

export function renderQualityEnergySvg(
  points: readonly ChartPoint[],
  title = "Joulebench baselines: quality vs energy",
): string {
  const tasks = [...new Set(points.map((point) => point.task))].sort();
  const profiles = [...new Set(points.map((point) => point.profile))].sort();
  // Panels flow left to right and wrap at two single-width panels; crowded tasks take a whole row.
  const layout: { task: string; x: number; y: number; width: number }[] = [];
  let cursor = { x: 0, y: 30 };
  for (const task of [...tasks].sort((a, b) => modelCount(points, b) - modelCount(points, a))) {
    const width = modelCount(points, task) > CROWDED ? ROW_WIDTH : PANEL.width;
    if (cursor.x + width > ROW_WIDTH) cursor = { x: 0, y: cursor.y + PANEL.height };
    layout.push({ task, x: cursor.x, y: cursor.y, width });
    cursor = { x: cursor.x + width, y: cursor.y };
  }
  const width = ROW_WIDTH;
  const height = (layout.at(-1)?.y ?? 30) + PANEL.height + 30;
  const panels = layout.flatMap((slot) =>
    panel(
      points.filter((point) => point.task === slot.task),
      slot.task,
      profiles,
      slot,
      slot.width,
    ),
  );
  const legend = profiles.map(
    (profile, index) =>
      `  <circle cx="${20 + index * 110}" cy="${height - 14}" r="4" fill="${COLOURS[index % COLOURS.length]}"/><text x="${28 + index * 110}" y="${height - 10}" font-size="12">${escapeXml(profile)}</text>`,
  );
  const joined =
    profiles.length > 1 &&
    tasks.some((task) => points.filter((point) => point.task === task).length > modelCount(points, task));
  if (joined) {
    const at = 20 + profiles.length * 110;
    legend.push(
      `  <line x1="${at - 6}" y1="${height - 14}" x2="${at + 14}" y2="${height - 14}" stroke="#bbb"/><text x="${at + 20}" y="${height - 10}" font-size="12">one model on each profile</text>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `  <rect width="${width}" height="${height}" fill="white"/>`,
    `  <text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...(points.length === 0 ? [`  <text x="12" y="60">no measured runs</text>`] : panels.map((part) => `  ${part}`)),
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}

function modelCount(points: readonly ChartPoint[], task: string): number {
  return new Set(points.filter((point) => point.task === task).map((point) => point.name)).size;
}
