/**
 * Reads a submission upload (multipart/form-data: the `metadata` field, then the `bundle` file) as a stream:
 * busboy hands over the file part as it arrives, and nothing here holds it. The metadata is checked before the
 * file is read at all (the caller's onFile runs its checks first), so a refused request stops reading.
 */
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError } from "../errors";

/** Metadata is small JSON (its largest part, the trials CSV, is capped at 512 KiB). */
const MAX_FIELD_BYTES = 1024 * 1024;

export async function readSubmissionUpload<T>(
  request: Request,
  onFile: (metadata: unknown, file: Readable) => Promise<T>,
): Promise<T> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Send the upload as multipart/form-data with a `metadata` field and then a `bundle` file.",
    );
  }
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const parser = busboy({
    headers: { "content-type": contentType },
    limits: { files: 1, fields: 5, fieldSize: MAX_FIELD_BYTES, parts: 6 },
  });
  return new Promise<T>((resolve, reject) => {
    let metadataText: string | undefined;
    let sawBundle = false;
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const fail = (error: unknown) =>
      finish(() => {
        source.unpipe(parser);
        source.destroy();
        reject(error);
      });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) fail(new AppError("VALIDATION_FAILED", "The metadata field is too large."));
      else if (name === "metadata") metadataText = value;
    });
    parser.on("file", (name, file) => {
      if (name !== "bundle") {
        file.resume();
        return;
      }
      sawBundle = true;
      let metadata: unknown;
      try {
        if (metadataText === undefined)
          throw new AppError("VALIDATION_FAILED", "Send the `metadata` field before the `bundle` file.");
        metadata = JSON.parse(metadataText);
      } catch (error) {
        fail(
          error instanceof AppError
            ? error
            : new AppError("VALIDATION_FAILED", "The metadata field is not valid JSON."),
        );
        return;
      }
      onFile(metadata, file).then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => fail(error),
      );
    });
    // A small body is parsed to its end before onFile has read the file it buffered: only a body without a
    // bundle part is an error here.
    parser.on("close", () => {
      if (!sawBundle) fail(new AppError("VALIDATION_FAILED", "The upload has no `bundle` file part."));
    });
    parser.on("error", (error: Error) =>
      fail(new AppError("VALIDATION_FAILED", `The upload could not be read: ${error.message}`)),
    );
    source.on("error", (error) =>
      fail(new AppError("VALIDATION_FAILED", `The upload was interrupted: ${error.message}`)),
    );
    source.pipe(parser);
  });
}
