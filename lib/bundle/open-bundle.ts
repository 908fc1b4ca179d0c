/**
 * From an uploaded file to what the runner needs: the model on disk, the manifest (or null: a bare raw-string
 * .onnx, whose manifest the runner infers from the graph with inferManifestForRawStringGraph), and the parsed
 * tokenizer. Everything lands in workDir, so the sandbox sees one folder whatever was uploaded.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { parseTokenizerJson, type TokenizerJson } from "../tokenize/tokenizer-json";
import { BundleError } from "./bundle-error";
import { parseManifestText, TOKENIZER_FILE_NAME, type Manifest } from "./bundle-manifest";
import { DEFAULT_ZIP_LIMITS, extractBundleZip, type ExtractedFile, type ZipLimits } from "./safe-unzip";
import { formatBytes } from "./zip-entry-rules";

export const MODEL_FILE_NAME = "model.onnx";
export const MANIFEST_FILE_NAME = "joulebench.json";

export interface OpenedBundle {
  kind: "onnx" | "zip";
  modelPath: string;
  manifest: Manifest | null;
  tokenizerJson: TokenizerJson | null;
  files: ExtractedFile[];
}

export async function openBundle(
  filePath: string,
  workDir: string,
  limits: Partial<ZipLimits> = {},
): Promise<OpenedBundle> {
  const { size, head } = await readHead(filePath);
  if (size === 0) throw new BundleError("NOT_A_BUNDLE", "The file is empty. Upload a .onnx model or a .zip bundle.");
  if (isZip(head)) return openZipBundle(filePath, workDir, limits);
  if (!looksLikeOnnx(head))
    throw new BundleError(
      "NOT_A_BUNDLE",
      `This is neither a zip nor an ONNX model${hint(head)}. Upload a .onnx model or a .zip bundle.`,
    );

  const maxBytes = limits.maxEntryBytes ?? DEFAULT_ZIP_LIMITS.maxEntryBytes;
  if (size > maxBytes)
    throw new BundleError("TOO_LARGE", `The model is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit.`);
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  const modelPath = path.join(workDir, MODEL_FILE_NAME);
  // "wx" as in extraction: never overwrite what is already in the work folder. Owner-only from the start (copyFile
  // would give the copy its source's mode, usually 0644).
  await pipeline(createReadStream(filePath), createWriteStream(modelPath, { flags: "wx", mode: 0o600 }));
  return {
    kind: "onnx",
    modelPath,
    manifest: null,
    tokenizerJson: null,
    files: [{ name: MODEL_FILE_NAME, path: modelPath, bytes: size }],
  };
}

async function openZipBundle(filePath: string, workDir: string, limits: Partial<ZipLimits>): Promise<OpenedBundle> {
  const files = await extractBundleZip(filePath, workDir, limits);
  try {
    const byName = new Map(files.map((file) => [file.name, file]));
    const model = byName.get(MODEL_FILE_NAME);
    if (!model) {
      const found = files.map((file) => file.name).join(", ") || "nothing";
      throw new BundleError(
        "MISSING_MODEL",
        `The zip has no ${MODEL_FILE_NAME} at its top level (found: ${found}). Name the model file ${MODEL_FILE_NAME}.`,
      );
    }
    const { head } = await readHead(model.path);
    if (!looksLikeOnnx(head))
      throw new BundleError("NOT_A_BUNDLE", `${MODEL_FILE_NAME} in the zip is not an ONNX model${hint(head)}.`);

    const manifestFile = byName.get(MANIFEST_FILE_NAME);
    const manifest = manifestFile ? parseManifestText(await readFile(manifestFile.path, "utf8")) : null;
    const tokenizerFile = byName.get(TOKENIZER_FILE_NAME);
    const tokenizerJson = tokenizerFile ? parseTokenizerJson(await readFile(tokenizerFile.path, "utf8")) : null;
    if (manifest?.tokenizer && !tokenizerFile) {
      const problem = `tokenizer: names ${TOKENIZER_FILE_NAME}, but the zip holds no ${TOKENIZER_FILE_NAME}`;
      throw new BundleError("INVALID_MANIFEST", `joulebench.json is invalid: ${problem}`, [problem]);
    }
    return { kind: "zip", modelPath: model.path, manifest, tokenizerJson, files };
  } catch (error) {
    // A bundle that fails validation leaves nothing behind, as a zip that fails extraction does.
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
    throw error;
  }
}

async function readHead(filePath: string): Promise<{ size: number; head: Buffer }> {
  const handle = await open(filePath, "r");
  try {
    const { size } = await stat(filePath);
    const head = Buffer.alloc(Math.min(size, 16));
    await handle.read(head, 0, head.length, 0);
    return { size, head };
  } finally {
    await handle.close();
  }
}

/** A local file header, or the end-of-central-directory record that is all an empty zip holds. */
function isZip(head: Buffer): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))
  );
}

/**
 * An ONNX file is a protobuf ModelProto. ir_version is field 1 and required (onnxruntime refuses a model without
 * it), and every protobuf serializer writes fields in number order, so a model starts with tag 0x08 and a small
 * varint. A sniff, not validation: the runner parses the model properly; this only turns away PDFs and CSVs.
 */
export function looksLikeOnnx(head: Buffer): boolean {
  if (head[0] !== 0x08) return false;
  let irVersion = 0;
  for (let index = 1, shift = 0; index < Math.min(head.length, 6); index += 1, shift += 7) {
    const byte = head[index] ?? 0;
    irVersion += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return irVersion >= 1 && irVersion <= 255;
  }
  return false;
}

function hint(head: Buffer): string {
  if (head[0] === 0x1f && head[1] === 0x8b) return " (it is gzip-compressed: upload a .zip instead of a .tar.gz)";
  if (head.subarray(0, 4).toString("latin1") === "%PDF") return " (it is a PDF)";
  if (head[0] === 0x7b || head[0] === 0x5b) return " (it looks like JSON)";
  return "";
}
