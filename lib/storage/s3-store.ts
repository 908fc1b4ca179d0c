/**
 * An artifact store in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, ...), for sites whose runners live
 * on other machines. Uploads go through @aws-sdk/lib-storage's multipart Upload, which holds at most
 * queueSize × partSize bytes (2 × 5 MiB) in memory whatever the body's size. S3 makes an object visible only when
 * its PutObject or CompleteMultipartUpload succeeds, and Upload aborts the multipart upload when the body fails
 * (leavePartsOnError: false), so a failed, interrupted or oversize upload leaves nothing at its key.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
 */
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { AppError, isAppError } from "../errors";
import { assertValidKey, notFoundError, type ArtifactStore, type StoredArtifact } from "./artifact-store";
import { HashingMeter, writeVerifiedFile } from "./hashing-stream";

export interface S3StoreOptions {
  bucket: string;
  /** Unset for AWS itself; e.g. http://localhost:9000 for a self-hosted server. */
  endpoint?: string;
  region: string;
  forcePathStyle?: boolean;
  /** A folder inside the bucket, without slashes at either end. */
  prefix?: string;
  /** Unset: the AWS SDK's default chain (environment, shared files, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per request, backoff between them being the SDK's. */
  maxAttempts?: number;
}

// A server that accepts the connection but goes silent for this long is treated as unreachable, rather than
// holding an upload or a runner's fetch forever.
const SOCKET_IDLE_TIMEOUT_MS = 60_000;
const CONNECTION_TIMEOUT_MS = 10_000;
const UPLOAD_PARTS_IN_FLIGHT = 2;

export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, "")}/` : "";
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_IDLE_TIMEOUT_MS },
      // Since SDK 3.729 every upload carries a CRC32 trailer by default, which many S3-compatible servers do not
      // understand; we hash every body with sha256 ourselves, so only send checksums an operation requires.
      // https://github.com/aws/aws-sdk-js-v3/issues/6810
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string): string {
    return this.prefix + assertValidKey(key);
  }

  async put(
    key: string,
    body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<StoredArtifact> {
    const objectKey = this.objectKey(key);
    const meter = new HashingMeter(options.maxBytes);
    const source = isNodeReadable(body) ? body : Readable.from(body);
    // A failing source destroys the meter with its error, which the Upload's read of the meter then throws. The
    // body's own failure (the client went away) or the size limit is remembered, as the SDK may report either as
    // an abort; the SDK aborting the body because the storage failed is not the body's failure.
    let bodyFailure: Error | undefined;
    source.on("error", (error: Error) => {
      bodyFailure ??= error;
      meter.destroy(error);
    });
    meter.on("error", (error: Error) => {
      if (isAppError(error)) bodyFailure ??= error;
    });
    source.pipe(meter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: meter, ContentType: "application/octet-stream" },
      leavePartsOnError: false,
      // Parts in flight at once: each holds a 5 MiB buffer, and a web process may run many uploads at a time.
      queueSize: UPLOAD_PARTS_IN_FLIGHT,
    });
    try {
      await upload.done();
    } catch (error) {
      if ("destroy" in source && typeof source.destroy === "function") source.destroy();
      // Reported as the local store reports them; anything else is the storage's failure.
      if (bodyFailure) throw bodyFailure;
      throw isAppError(error) ? error : storageError(error, "store the file");
    }
    return { key, sha256: meter.sha256(), sizeBytes: meter.bytes };
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!response.Body) throw notFoundError(key);
      return response.Body as Readable;
    } catch (error) {
      if (isAppError(error)) throw error;
      if (isMissing(error)) throw notFoundError(key);
      throw storageError(error, "read the file");
    }
  }

  async download(key: string, destinationPath: string, expectedSha256?: string): Promise<void> {
    const body = await this.get(key);
    try {
      await writeVerifiedFile(body, key, destinationPath, expectedSha256);
    } catch (error) {
      throw isAppError(error) ? error : storageError(error, "download the file");
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      if (!isMissing(error)) throw storageError(error, "delete the file");
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw storageError(error, "look up the file");
    }
  }

  /** Closes the client's sockets (tests, short-lived scripts). */
  close(): void {
    this.client.destroy();
  }
}

function isNodeReadable(body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>): body is NodeJS.ReadableStream {
  return typeof (body as NodeJS.ReadableStream).pipe === "function";
}

/** A missing object, as opposed to a missing bucket (NoSuchBucket: a configuration fault, so unavailable). */
function isMissing(error: unknown): boolean {
  // HEAD answers carry no body, so the SDK can only name their 404 "NotFound".
  const name = (error as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound";
}

/** The server's or network's failure as a stable code; the cause (host names, request ids) stays in `cause`. */
function storageError(cause: unknown, action: string): AppError {
  const error = new AppError(
    "STORAGE_UNAVAILABLE",
    `File storage is unavailable, so we could not ${action}. Please try again shortly.`,
  );
  (error as Error).cause = cause;
  return error;
}
