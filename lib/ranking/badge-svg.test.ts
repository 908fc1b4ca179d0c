import { describe, expect, it } from "vitest";
import { badgeColor, badgeSvg } from "./badge-svg";

describe("badgeSvg", () => {
  it("draws the label and message, escaped for XML", () => {
    const svg = badgeSvg({ label: "joulebench", message: "★★★★☆ <0.02> Wh & more", color: badgeColor(4) });
    expect(svg).toContain("<title>joulebench: ★★★★☆ &lt;0.02&gt; Wh &amp; more</title>");
    expect(svg).not.toContain("<0.02>");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="20"/);
  });

  it("colours by stars, grey without a rating", () => {
    expect(badgeColor(5)).toBe("#15803d");
    expect(badgeColor(null)).toBe("#57534e");
  });
});
