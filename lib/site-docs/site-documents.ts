/**
 * The project's guides served as site pages from the same Markdown files as the repository's docs/, so the two
 * cannot drift apart. Only the files listed here are served (no path from the request ever reaches the file
 * system), and links between them are rewritten from `submitting.md#x` to the site's `/docs/submitting#x`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import GithubSlugger from "github-slugger";

export interface SiteDocument {
  /** The address under /docs/, or the page's own address for the methodology. */
  slug: string;
  file: string;
  title: string;
  summary: string;
}

export const SITE_DOCUMENTS: readonly SiteDocument[] = [
  {
    slug: "submitting",
    file: "submitting.md",
    title: "Submitting a model",
    summary: "How to build a bundle, check it locally and submit it from the site, the API or the CLI.",
  },
  {
    slug: "methodology",
    file: "methodology.md",
    title: "How we measure",
    summary: "The measurement protocol: accuracy, latency, throughput, energy, intervals and the noise flag.",
  },
  {
    slug: "organizing",
    file: "organizing.md",
    title: "Organizing a competition",
    summary: "Competitions, tasks, tracks, phases, private test data and moderation.",
  },
  {
    slug: "runners",
    file: "runners.md",
    title: "Running a runner",
    summary: "For operators: how a runner serves a hardware profile, and how to start one.",
  },
  {
    slug: "security",
    file: "security.md",
    title: "Security",
    summary: "The threats we defend against, how, and what is not defended yet.",
  },
  {
    slug: "datasets",
    file: "datasets.md",
    title: "Datasets",
    summary: "Where each task's data comes from, with its licence and citation.",
  },
  {
    slug: "benchmarks",
    file: "BENCHMARKS.md",
    title: "Benchmarks",
    summary: "How fast the site and the runner are, measured, with the machine and the command.",
  },
  {
    slug: "baselines",
    file: "BASELINES.md",
    title: "Baselines",
    summary: "The reference models every board starts with, how they were trained and what they measure.",
  },
];

/** The methodology keeps its own address (boards link to it); every other guide lives under /docs/. */
export function documentHref(document: Pick<SiteDocument, "slug">, anchor?: string): string {
  const base = document.slug === "methodology" ? "/methodology" : `/docs/${document.slug}`;
  return anchor ? `${base}#${anchor}` : base;
}

export function findDocument(slug: string): SiteDocument | undefined {
  return SITE_DOCUMENTS.find((document) => document.slug === slug);
}

export async function readDocumentSource(document: SiteDocument): Promise<string> {
  return readFile(path.join(process.cwd(), "docs", document.file), "utf8");
}

/**
 * A link in a document as the site serves it: another served guide (`methodology.md#energy`, `docs/x.md`) becomes
 * its page; repository files that are not served (`../README.md`, source files) are left as they are.
 */
export function siteHrefFor(href: string): string {
  const match = /^(?:\.\/|docs\/)?([a-z-]+)\.md(#[^\s]*)?$/i.exec(href);
  if (!match) return href;
  const document = SITE_DOCUMENTS.find((candidate) => candidate.file.toLowerCase() === `${match[1]?.toLowerCase()}.md`);
  if (!document) return href;
  return `${documentHref(document)}${match[2] ?? ""}`;
}

export interface ContentsEntry {
  depth: 2 | 3;
  text: string;
  id: string;
}

/**
 * The contents list of a document: its level-2 and level-3 headings with the ids rehype-slug gives them (both use
 * github-slugger, so the anchors match GitHub's). Headings inside code blocks are skipped.
 */
export function contentsOf(markdown: string): ContentsEntry[] {
  const slugger = new GithubSlugger();
  const entries: ContentsEntry[] = [];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = plainHeadingText(heading[2] ?? "");
    const id = slugger.slug(text);
    const depth = heading[1]?.length;
    if (depth === 2 || depth === 3) entries.push({ depth, text, id });
  }
  return entries;
}

/** A heading's text without its inline Markdown (code ticks, emphasis, links), as rehype-slug sees it. */
function plainHeadingText(source: string): string {
  return source
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_]/g, "")
    .trim();
}
