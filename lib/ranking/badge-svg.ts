/**
 * An embeddable SVG badge, shields.io style: "joulebench | ★★★★☆ 0.019 Wh/1k est." Text is escaped for XML;
 * widths are estimated from character counts (a badge, not a chart: no library needed for two rectangles).
 */
export interface BadgeContent {
  label: string;
  message: string;
  /** Hex colour of the message half. */
  color: string;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
// Verdana 11px averages about 6.5 px per character; 10 px padding each side.
const widthOf = (text: string) => Math.round([...text].length * 6.5 + 20);

export function badgeSvg({ label, message, color }: BadgeContent): string {
  const left = widthOf(label);
  const right = widthOf(message);
  const total = left + right;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${escapeXml(`${label}: ${message}`)}">
<title>${escapeXml(`${label}: ${message}`)}</title>
<rect width="${left}" height="20" fill="#44403c"/>
<rect x="${left}" width="${right}" height="20" fill="${color}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${escapeXml(label)}</text>
<text x="${left + right / 2}" y="14">${escapeXml(message)}</text>
</g>
</svg>
`;
}

/** Colour by stars: 5 green to 1 red, grey when there is no rating. Each passes 4.5:1 against white text. */
export function badgeColor(stars: number | null): string {
  switch (stars) {
    case 5:
      return "#15803d";
    case 4:
      return "#3f6212";
    case 3:
      return "#a16207";
    case 2:
      return "#c2410c";
    case 1:
      return "#b91c1c";
    default:
      return "#57534e";
  }
}
