/**
 * A bundle that inflates about 190 times: the fixture's valid bag-of-words model with one extra, unused float
 * initializer of `modelBytes` that is zeros but for one seeded random byte in every N, N chosen so the model
 * deflates just under the validator's 200x ratio limit (lib/bundle/safe-unzip.ts). A valid zip, a valid model:
 * the web's check has to inflate and read all of it.
 */
import { readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import { writeZip } from "../../../test-support/bundle/build-zip";
import { onnxMessages } from "../../../lib/onnx/onnx-proto";
import { mulberry32 } from "../../../lib/onnx/seeded-random";
import { writeFixtureBundle } from "../../../test-support/competition-fixture";

const TARGET_RATIO = { low: 170, high: 198 };

export async function writeInflatingBundle(
  zipPath: string,
  modelBytes: number,
): Promise<{ modelMiB: number; zipMiB: number; ratio: number }> {
  const base = await writeFixtureBundle(`${zipPath}.base.zip`, { seed: 77 });
  const entries = await readEntries(base);
  const model = onnxMessages.ModelProto.decode(entries.get("model.onnx")!);
  const probe = (every: number) => deflateRatio(pattern(4 * 1024 * 1024, every));
  const every = [768, 800, 832, 864, 896, 928, 960].find((candidate) => {
    const ratio = probe(candidate);
    return ratio >= TARGET_RATIO.low && ratio <= TARGET_RATIO.high;
  });
  if (!every) throw new Error("no pattern deflates within the target ratio");
  const floats = Math.floor(modelBytes / 4);
  model.graph!.initializer!.push(
    onnxMessages.TensorProto.create({
      name: "padding",
      dims: [floats],
      dataType: 1,
      rawData: pattern(floats * 4, every),
    }),
  );
  const bytes = Buffer.from(onnxMessages.ModelProto.encode(model).finish());
  await writeZip(zipPath, [
    ...[...entries].filter(([name]) => name !== "model.onnx").map(([name, data]) => ({ name, data })),
    { name: "model.onnx", data: bytes },
  ]);
  const zipBytes = (await readFile(zipPath)).length;
  return { modelMiB: bytes.length / 1024 / 1024, zipMiB: zipBytes / 1024 / 1024, ratio: bytes.length / zipBytes };
}

function pattern(bytes: number, every: number): Buffer {
  // Seeded noise: a plain arithmetic sequence repeats, and deflate finds the repeats.
  const random = mulberry32(7);
  const buffer = Buffer.alloc(bytes);
  for (let index = 0; index < bytes; index += every) buffer[index] = 1 + Math.floor(random() * 255);
  return buffer;
}

function deflateRatio(bytes: Buffer): number {
  return bytes.length / deflateRawSync(bytes).length;
}

function readEntries(zipPath: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, Buffer>();
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.readEntry();
      zip.on("entry", (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on("end", () => resolve(found));
    });
  });
}
