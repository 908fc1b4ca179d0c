/**
 * The CLI's side of API v1: JSON calls with the bearer token, and the bundle upload as a streamed
 * multipart/form-data body (metadata first, then the file, read from disk as it is sent), with progress.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { ApiFailure } from "./api-types";
import type { Credentials } from "./credentials";

export type { ApiFailure };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly failure: ApiFailure,
  ) {
    super(failure.message);
    this.name = "ApiError";
  }
}

export async function apiGet<T>(credentials: Credentials | { url: string; token: string }, route: string): Promise<T> {
  return answer<T>(await send(credentials, route, { method: "GET" }));
}

export async function apiPost<T>(credentials: Credentials, route: string, body?: unknown): Promise<T> {
  return answer<T>(
    await send(credentials, route, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    }),
  );
}

export async function uploadBundle<T>(
  credentials: Credentials,
  competitionSlug: string,
  metadata: unknown,
  bundlePath: string,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  const boundary = `joulebench-${randomBytes(12).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="bundle"; filename="${path.basename(bundlePath).replace(/"/g, "")}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(bundlePath);
  let sent = 0;
  async function* body() {
    yield head;
    for await (const chunk of createReadStream(bundlePath)) {
      sent += (chunk as Buffer).length;
      onProgress(sent, size);
      yield chunk as Buffer;
    }
    yield tail;
  }
  const response = await send(credentials, `/competitions/${encodeURIComponent(competitionSlug)}/submissions`, {
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": String(head.length + size + tail.length),
    },
    body: Readable.toWeb(Readable.from(body())),
    // Node's fetch streams a request body only in half-duplex mode.
    duplex: "half",
  } as RequestInit);
  return answer<T>(response);
}

async function send(
  credentials: Credentials | { url: string; token: string },
  route: string,
  init: RequestInit,
): Promise<Response> {
  const url = `${credentials.url.replace(/\/$/, "")}/api/v1${route}`;
  try {
    // Without a token (listing competitions before login) the request goes as a visitor's.
    const authorization: Record<string, string> = credentials.token
      ? { authorization: `Bearer ${credentials.token}` }
      : {};
    return await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...authorization } });
  } catch (error) {
    throw new ApiError(0, {
      code: "NETWORK",
      message: `Cannot reach ${credentials.url}: ${(error as Error).cause ?? (error as Error).message}`,
    });
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as ({ error?: ApiFailure } & T) | null;
  if (response.ok && body) return body;
  throw new ApiError(
    response.status,
    body?.error ?? { code: "INTERNAL", message: `The server answered ${response.status}.` },
  );
}
