/**
 * The methodology page, rendered from docs/methodology.md: one text for the repository and the site, so they
 * cannot drift apart. The file is ours (not a team's or an organizer's), but it is still rendered without raw
 * HTML; GitHub-flavoured Markdown adds its tables.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "next";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

export const metadata: Metadata = { title: "How we measure" };

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} className="text-leaf-700 underline dark:text-leaf-300">
      {children}
    </a>
  ),
  // Wide tables scroll sideways inside a focusable region, so keyboard users can scroll them too.
  table: ({ children }) => (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
      <table>{children}</table>
    </div>
  ),
};

async function methodologySource(): Promise<string> {
  return readFile(path.join(process.cwd(), "docs", "methodology.md"), "utf8");
}

export default async function MethodologyPage() {
  const source = await methodologySource();
  return (
    <article className="methodology max-w-none space-y-4 text-sm leading-relaxed [&_code]:break-words [&_h1]:text-2xl [&_h1]:font-bold [&_h2]:mt-8 [&_h2]:text-xl [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_td]:border [&_td]:border-stone-300 [&_td]:px-2 [&_th]:border [&_th]:border-stone-300 [&_th]:px-2 [&_ul]:list-disc dark:[&_td]:border-stone-600 dark:[&_th]:border-stone-600">
      <Markdown skipHtml remarkPlugins={[remarkGfm]} components={components}>
        {source}
      </Markdown>
    </article>
  );
}
