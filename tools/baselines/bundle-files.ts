/**
 * The three files of a baseline bundle, and the zip that holds them. The zip is byte-for-byte reproducible:
 * entries in a fixed order, a fixed timestamp given in local-time fields (zip's DOS timestamps are local time)
 * and no extended UTC timestamp, so the same model gives the same zip in any time zone.
 */
import type { Readable } from "node:stream";
import yazl from "yazl";
import { parseManifest, type Manifest } from "../../lib/bundle/bundle-manifest";

export interface BundleFiles {
  modelBytes: Uint8Array;
  tokenizerText: string;
  manifest: Manifest;
}

export interface ManifestOptions {
  labels: readonly string[];
  maxSequenceLength: number;
  /** The graph takes token_type_ids too (sentence-pair models). */
  tokenTypes?: boolean;
}

export function baselineManifest(options: ManifestOptions): Manifest {
  return parseManifest({
    schemaVersion: 1,
    inputs: {
      input_ids: "input_ids",
      attention_mask: "attention_mask",
      ...(options.tokenTypes ? { token_type_ids: "token_type_ids" } : {}),
    },
    maxSequenceLength: options.maxSequenceLength,
    tokenizer: "tokenizer.json",
    output: { name: "logits", scores: "logits", labels: [...options.labels] },
  });
}

/** 2020-01-01 00:00 in whatever zone runs this: the DOS fields come out the same everywhere. */
const FIXED_MTIME = new Date(2020, 0, 1, 0, 0, 0);

export async function zipBundle(files: BundleFiles): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const options = { mtime: FIXED_MTIME, forceDosTimestamp: true, mode: 0o100644, compress: true };
  zip.addBuffer(Buffer.from(files.modelBytes), "model.onnx", options);
  zip.addBuffer(Buffer.from(files.tokenizerText), "tokenizer.json", options);
  zip.addBuffer(Buffer.from(`${JSON.stringify(files.manifest, null, 2)}\n`), "joulebench.json", options);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
