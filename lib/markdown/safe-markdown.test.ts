import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SafeMarkdown } from "./safe-markdown";

const render = (source: string) => renderToStaticMarkup(createElement(SafeMarkdown, { source }));

describe("SafeMarkdown", () => {
  it("renders Markdown structure", () => {
    const html = render("# Rules\n\n1. **One** model per track\n2. See [docs](https://example.com/docs)");
    expect(html).toContain("<h1>Rules</h1>");
    expect(html).toContain("<strong>One</strong>");
    expect(html).toContain('href="https://example.com/docs"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("drops raw HTML: script tags, event handlers, iframes", () => {
    const html = render(
      'Hello <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html).not.toMatch(/<script|onerror|<iframe/i);
    expect(html).toContain("Hello");
  });

  it("blanks javascript: and data: URLs in links and images", () => {
    const html = render(
      "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) ![pic](javascript:alert(3))",
    );
    expect(html).not.toMatch(/javascript:|data:text/i);
  });

  it("shows images as links, so organizers cannot track visitors with them", () => {
    const html = render("![chart](https://example.com/chart.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('href="https://example.com/chart.png"');
  });
});
