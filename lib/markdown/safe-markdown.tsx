/**
 * Organizers' Markdown (overview, rules) rendered for visitors. react-markdown builds React elements from the
 * Markdown syntax tree and never injects HTML strings: raw HTML in the source is dropped (we do not add
 * rehype-raw), and its default urlTransform blanks `javascript:`, `vbscript:` and `data:` link and image URLs
 * (https://github.com/remarkjs/react-markdown#defaulturltransformurl). So nothing an organizer writes can run a
 * script in a visitor's browser. Links to other sites open without handing them our page (rel="noopener").
 */
import Markdown, { type Components } from "react-markdown";

const components: Components = {
  a: ({ href, children }) => {
    const external = typeof href === "string" && /^https?:\/\//i.test(href);
    return (
      <a
        href={href}
        className="text-leaf-700 dark:text-leaf-300 underline"
        {...(external ? { rel: "noopener noreferrer nofollow", target: "_blank" } : {})}
      >
        {children}
      </a>
    );
  },
  // Organizers' images would let them track visitors' addresses; a link to the image is shown instead.
  img: ({ src, alt }) =>
    typeof src === "string" ? (
      <a href={src} className="text-leaf-700 dark:text-leaf-300 underline">
        {alt || "image"}
      </a>
    ) : null,
};

export function SafeMarkdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={className ?? "markdown space-y-3"}>
      <Markdown skipHtml components={components}>
        {source}
      </Markdown>
    </div>
  );
}
