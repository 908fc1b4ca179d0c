import { describe, expect, it } from "vitest";
import { measurementProtocol } from "../evaluate/measurement-protocol";
import { protocolForTrack } from "./track-protocol";

describe("a track's time limit", () => {
  it("replaces the protocol's timeoutMs, and only that", () => {
    expect(protocolForTrack({ minQueries: 10 }, 90)).toEqual({ minQueries: 10, timeoutMs: 90_000 });
    expect(measurementProtocol(protocolForTrack({}, 90)).timeoutMs).toBe(90_000);
  });

  it("leaves the runner's protocol alone when the track sets none", () => {
    expect(protocolForTrack({ timeoutMs: 5_000 }, null)).toEqual({ timeoutMs: 5_000 });
  });

  it("holds a limit to the protocol's bounds, so it always parses", () => {
    expect(protocolForTrack({}, 0).timeoutMs).toBe(1_000);
    expect(protocolForTrack({}, 10 * 3_600).timeoutMs).toBe(6 * 3_600_000);
    expect(() => measurementProtocol(protocolForTrack({}, -5))).not.toThrow();
  });
});
