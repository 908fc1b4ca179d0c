/**
 * The measurement protocol one track's evaluations run under: the runner's (defaults and
 * JOULEBENCH_PROTOCOL_OVERRIDES), with the track's own wall-clock limit when its organizer set one
 * (tracks.time_limit_seconds). The limit is held to the protocol's bounds (1 s to 6 h, measurement-protocol.ts),
 * so a mistyped value cannot make every evaluation of the track fail validation.
 */
import { measurementProtocolSchema, type MeasurementProtocol } from "../evaluate/measurement-protocol";

export function protocolForTrack(
  protocol: Partial<MeasurementProtocol>,
  timeLimitSeconds: number | null,
): Partial<MeasurementProtocol> {
  if (timeLimitSeconds === null) return protocol;
  const bounds = measurementProtocolSchema.shape.timeoutMs.unwrap();
  const timeoutMs = Math.min(
    Math.max(Math.round(timeLimitSeconds * 1000), bounds.minValue ?? 1_000),
    bounds.maxValue ?? 6 * 3_600_000,
  );
  return { ...protocol, timeoutMs };
}
