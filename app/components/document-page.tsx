/**
 * A guide from docs/ as a site page: a contents list of its sections, anchored headings (the same ids GitHub
 * gives), tables that scroll inside their box, and the typography plugin's styles. The files are ours, but they
 * are still rendered without raw HTML.
 */
import Link from "next/link";
import Markdown, { type Components } from "react-markdown";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import {
  contentsOf,
  SITE_DOCUMENTS,
  documentHref,
  siteHrefFor,
  type SiteDocument,
} from "@/lib/site-docs/site-documents";

const components: Components = {
  a: ({ href, children }) => <a href={typeof href === "string" ? siteHrefFor(href) : href}>{linkText(children)}</a>,
  // Code blocks scroll sideways; focusable so keyboard users can scroll them too (WCAG 2.1.1).
  pre: ({ children }) => <pre tabIndex={0}>{children}</pre>,
  // Wide tables scroll sideways inside a focusable region, so keyboard users can scroll them too.
  table: ({ children }) => (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Table, scrolls sideways">
      <table>{children}</table>
    </div>
  ),
};

/** A link written as its file name ("methodology.md") reads as the guide's title on the site. */
function linkText(children: React.ReactNode): React.ReactNode {
  if (typeof children !== "string") return children;
  const document = SITE_DOCUMENTS.find((candidate) => candidate.file === children);
  return document ? document.title : children;
}

export function DocumentPage({ document, source }: { document: SiteDocument; source: string }) {
  const contents = contentsOf(source);
  return (
    <div className="grid grid-cols-1 gap-8 lg:grid-cols-[14rem_minmax(0,1fr)]">
      <aside className="space-y-4 text-sm lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
        {contents.length > 0 ? (
          <nav aria-label="Contents" data-testid="document-contents">
            <h2 className="mb-1 font-semibold">Contents</h2>
            <ol className="space-y-1">
              {contents.map((entry) => (
                <li key={entry.id} className={entry.depth === 3 ? "pl-3" : ""}>
                  <a href={`#${entry.id}`} className="text-leaf-700 hover:underline dark:text-leaf-300">
                    {entry.text}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <nav aria-label="Guides">
          <h2 className="mb-1 font-semibold">Guides</h2>
          <ul className="space-y-1">
            {SITE_DOCUMENTS.map((other) => (
              <li key={other.slug}>
                <Link
                  href={documentHref(other)}
                  aria-current={other.slug === document.slug ? "page" : undefined}
                  className="text-leaf-700 hover:underline aria-[current=page]:font-semibold dark:text-leaf-300"
                >
                  {other.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <article
        className="prose prose-stone max-w-none min-w-0 dark:prose-invert prose-a:text-leaf-700 dark:prose-a:text-leaf-300 prose-headings:scroll-mt-4 prose-code:break-words prose-code:before:content-none prose-code:after:content-none prose-pre:overflow-x-auto"
        data-testid="document"
      >
        <Markdown skipHtml remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSlug]} components={components}>
          {source}
        </Markdown>
      </article>
    </div>
  );
}
