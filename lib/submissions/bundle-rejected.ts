/**
 * A bundle the validator refused, as the one error type users see. The code users match on is always
 * BUNDLE_REJECTED; `reason` is the validator's own stable code (lib/bundle's BundleError, lib/onnx's ModelError,
 * or MANIFEST_MISMATCH) and `details` every individual problem, so a team can fix them all in one round trip.
 */
import { AppError } from "../errors";

export class BundleRejectedError extends AppError {
  constructor(
    readonly reason: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super("BUNDLE_REJECTED", message);
  }
}

export function isBundleRejected(error: unknown): error is BundleRejectedError {
  return error instanceof BundleRejectedError;
}
