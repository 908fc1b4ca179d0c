/**
 * Accessibility checks for any page, shared by the specs: axe-core (WCAG 2.1 A and AA rules) with no serious or
 * critical violation, no sideways scrolling of the whole page at phone width, and a full-page screenshot saved
 * under test-results/ as an artifact. Use `checkPage(page, testInfo, "name")` after navigating.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const viewports = {
  desktop: { width: 1280, height: 800 },
  // An iPhone 12 to 15: the phone the review used.
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof viewports;

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

export async function checkPage(page: Page, testInfo: TestInfo, name: string, viewport: ViewportName): Promise<void> {
  await page.waitForLoadState("networkidle");
  const screenshot = testInfo.outputPath(`${name}-${viewport}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach(`${name}-${viewport}`, { path: screenshot, contentType: "image/png" });

  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(blocking, `axe on ${name} (${viewport})`).toEqual([]);

  if (viewport === "phone") {
    // The page itself must not scroll sideways; wide tables scroll inside their own box (.table-scroll).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} is wider than the phone screen by ${overflow}px`).toBeLessThanOrEqual(0);
  }
}
