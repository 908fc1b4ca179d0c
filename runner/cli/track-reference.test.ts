import { describe, expect, it } from "vitest";
import { resolveTrackReference } from "./track-reference";

const tracks = [
  { id: "t-1", title: "Laptop CPU", hardwareProfileId: "cpu-1t" },
  { id: "t-2", title: "Two threads", hardwareProfileId: "cpu-2t" },
  { id: "t-3", title: "Two threads, estimated", hardwareProfileId: "cpu-2t" },
];

describe("resolveTrackReference", () => {
  it("takes an id as it is", () => {
    expect(resolveTrackReference(tracks, "t-3")).toEqual({ ok: true, track: tracks[2] });
  });

  it("takes a hardware profile that only one track has, in any case", () => {
    expect(resolveTrackReference(tracks, "CPU-1T")).toEqual({ ok: true, track: tracks[0] });
  });

  it("takes a unique title", () => {
    expect(resolveTrackReference(tracks, "two threads")).toEqual({ ok: true, track: tracks[1] });
  });

  it("refuses a profile shared by two tracks, naming both", () => {
    const resolution = resolveTrackReference(tracks, "cpu-2t");
    expect(resolution.ok).toBe(false);
    expect(!resolution.ok && resolution.message).toMatch(/names 2 tracks: t-2 \(Two threads\), t-3/);
  });

  it("refuses an unknown name, listing the tracks there are", () => {
    const resolution = resolveTrackReference(tracks, "gpu");
    expect(!resolution.ok && resolution.message).toContain('cpu-1t "Laptop CPU" t-1');
  });
});
