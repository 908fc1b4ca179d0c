/**
 * A local HTTP server that publishes dataset files the way their public host does, at their pinned paths
 * (owner/name/commit/path), read from a folder that holds them (../shared/datasets), so the fetch step is
 * tested without the internet. Each file can misbehave as a host or a network can: cut the transfer off,
 * stall, answer 404, or serve other bytes; and the server can refuse Range requests. "cut-off" ends the response
 * cleanly after half the file (no length announced, as a proxy that gave up might), so the client holds exactly
 * that half; "dropped" announces the whole length and drops the connection halfway.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { datasetsManifest, pinnedPath, type ManifestFile } from "../lib/tasks/datasets-manifest";

/** What the server does with one request for a file: `requestNumber` counts that file's requests from 1. */
export type MirrorBehaviour = "serve" | "cut-off" | "dropped" | "stall" | "not-found" | "other-bytes";

export interface DatasetMirrorOptions {
  /** The folder that holds the files at their paths under a datasets root. */
  filesRoot: string;
  behaviour?: (file: ManifestFile, requestNumber: number) => MirrorBehaviour;
  /** false: answer every request with the whole file (200), as a server without Range support does. */
  ranges?: boolean;
}

export interface MirrorRequest {
  file: string;
  range: string | undefined;
  behaviour: MirrorBehaviour;
}

export interface DatasetMirror {
  url: string;
  requests: MirrorRequest[];
  close(): Promise<void>;
}

export async function startDatasetMirror(options: DatasetMirrorOptions): Promise<DatasetMirror> {
  const byUrlPath = new Map(
    datasetsManifest().files.map((file) => [`/${pinnedPath(file).map(encodeURIComponent).join("/")}`, file]),
  );
  const requests: MirrorRequest[] = [];
  const counts = new Map<string, number>();

  const server = createServer((request, response) => {
    const file = byUrlPath.get((request.url ?? "").split("?")[0]!);
    if (!file) return void response.writeHead(404).end("not found");
    const requestNumber = (counts.get(file.path) ?? 0) + 1;
    counts.set(file.path, requestNumber);
    const behaviour = options.behaviour?.(file, requestNumber) ?? "serve";
    requests.push({ file: file.path, range: request.headers.range, behaviour });
    void answer(request, response, file, behaviour).catch(() => response.destroy());
  });

  async function answer(
    request: IncomingMessage,
    response: ServerResponse,
    file: ManifestFile,
    behaviour: MirrorBehaviour,
  ) {
    if (behaviour === "not-found") return void response.writeHead(404, "Not Found").end("404: Not Found");
    let bytes = await readFile(path.join(options.filesRoot, ...file.path.split("/")));
    if (behaviour === "other-bytes") {
      bytes = Buffer.from(bytes);
      bytes[0] = bytes[0]! ^ 0x20;
    }
    const start = options.ranges === false ? 0 : rangeStart(request.headers.range, bytes.length);
    if (start === "unsatisfiable") return void response.writeHead(416).end();
    const body = bytes.subarray(start);
    const headers: Record<string, string | number> = {
      "content-type": "text/plain; charset=utf-8",
      "content-length": body.length,
    };
    if (options.ranges !== false) headers["accept-ranges"] = "bytes";
    if (start > 0) headers["content-range"] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    const half = body.subarray(0, Math.floor(body.length / 2));
    if (behaviour === "cut-off") {
      delete headers["content-length"];
      response.writeHead(start > 0 ? 206 : 200, headers);
      return void response.end(half);
    }
    response.writeHead(start > 0 ? 206 : 200, headers);
    if (behaviour === "dropped") return void response.write(half, () => response.destroy());
    if (behaviour === "stall") {
      response.write(body.subarray(0, Math.min(1024, body.length)));
      return; // and nothing more, until the client gives up or the server closes
    }
    response.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function rangeStart(header: string | undefined, size: number): number | "unsatisfiable" {
  const match = header ? /^bytes=(\d+)-$/.exec(header) : null;
  if (!match) return 0;
  const start = Number(match[1]);
  return start < size ? start : "unsatisfiable";
}
