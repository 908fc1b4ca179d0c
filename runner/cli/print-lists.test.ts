import { describe, expect, it } from "vitest";
import { formatCompetitions, formatRecentSubmissions, formatTracks } from "./print-lists";

const track = { taskSlug: "sst2", qualityMetric: "accuracy", qualityThreshold: 0.8, runnerOnline: true };

describe("the CLI's lists", () => {
  it("lists competitions under aligned headers, and points to the tracks command", () => {
    const text = formatCompetitions([{ slug: "sst2-sentiment", title: "Sentiment", status: "open", trackCount: 2 }]);
    expect(text).toContain("SLUG            STATUS  TRACKS  TITLE");
    expect(text).toContain("sst2-sentiment  open    2       Sentiment");
    expect(text).toContain("joulebench tracks <slug>");
  });

  it("lists tracks with their metric bar and runner, and suggests a profile only one track has", () => {
    const text = formatTracks("c", [
      { ...track, id: "a", title: "One thread", hardwareProfileId: "cpu-1t" },
      {
        ...track,
        id: "b",
        title: "Two",
        hardwareProfileId: "cpu-2t",
        runnerOnline: false,
        qualityThreshold: null,
        qualityMetric: "macro_f1",
      },
    ]);
    expect(text).toContain("Accuracy ≥ 80.0%");
    expect(text).toContain("Macro-F1");
    expect(text).toContain("none (submissions wait)");
    expect(text).toContain("--track cpu-1t");
  });

  it("lists the newest submissions first as given, with the running one's progress, up to the limit", () => {
    const rows = [0, 1, 2].map((index) => ({
      id: `s${index}`,
      name: `model ${index}`,
      createdAt: "2026-12-07T10:00:00.000Z",
      trackTitle: "Main",
      competitionSlug: "c",
      evaluationState: index === 0 ? "running" : "finished",
      state: "active",
      progress: index === 0 ? 0.42 : 1,
    }));
    const text = formatRecentSubmissions(rows, 2);
    expect(text).toContain("running 42%");
    expect(text).toContain("model 1");
    expect(text).not.toContain("model 2");
    expect(text).toContain("2 newest of 3");
    expect(formatRecentSubmissions([], 10)).toBe("Your team has no submissions yet.\n");
  });
});
