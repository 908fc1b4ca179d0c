/**
 * The browser's checks before an upload starts, so a wrong file is refused in a second rather than after
 * minutes of uploading. The server checks everything again (a browser can be bypassed); these only save time.
 */
import { formatBinaryBytes as formatSize } from "@/lib/format/binary-bytes";

const ZIP_MAGIC = [0x50, 0x4b];

/** A message for the team, or null when the file may be uploaded. */
export async function checkFileBeforeUpload(file: File, maxBytes: number): Promise<string | null> {
  const lower = file.name.toLowerCase();
  if (!lower.endsWith(".zip") && !lower.endsWith(".onnx")) {
    return `"${file.name}" is neither a .zip bundle nor a .onnx model. Choose the bundle you built (see "Submitting" in the docs).`;
  }
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > maxBytes)
    return `"${file.name}" is ${formatSize(file.size)}, over this competition's limit of ${formatSize(maxBytes)}.`;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const isZip = head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1];
  // An ONNX model is a protobuf whose first field (ir_version) starts with tag byte 0x08.
  const isOnnx = head[0] === 0x08;
  if (lower.endsWith(".zip") && !isZip) return `"${file.name}" is named .zip but is not a zip file.`;
  if (lower.endsWith(".onnx") && !isOnnx) return `"${file.name}" is named .onnx but is not an ONNX model.`;
  return null;
}
