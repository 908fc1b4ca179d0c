import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { appErrorFrom } from "../../test-support/app-error";
import { withUploadedFile } from "./save-upload";

/** A body that never ends, counting how many chunks were pulled from it. */
function endlessBody(chunkBytes: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(chunkBytes));
    },
  });
  return { body, pulled: () => pulled };
}

describe("withUploadedFile", () => {
  it("hands the work a file with the body, then removes it", async () => {
    let seen = "";
    const result = await withUploadedFile(new Response("hello zip").body, 1024, async (file) => {
      seen = file;
      return readFile(file, "utf8");
    });
    expect(result).toBe("hello zip");
    expect(existsSync(seen)).toBe(false);
  });

  it("cuts an oversize body off just past the limit, and keeps nothing", async () => {
    const { body, pulled } = endlessBody(64 * 1024);
    let worked = false;
    const error = await appErrorFrom(withUploadedFile(body, 1024 * 1024, async () => (worked = true)));
    expect(error.code).toBe("TOO_LARGE");
    expect(worked).toBe(false);
    // 1 MiB in 64 KiB chunks is 16; a few more may be in flight in the stream's buffers, never the whole body.
    expect(pulled()).toBeLessThan(64);
  });

  it("refuses a missing or empty body", async () => {
    expect((await appErrorFrom(withUploadedFile(null, 1024, async () => 1))).code).toBe("VALIDATION_FAILED");
    expect(
      (
        await appErrorFrom(
          withUploadedFile(
            new Response("").body ?? new ReadableStream({ start: (c) => c.close() }),
            1024,
            async () => 1,
          ),
        )
      ).message,
    ).toMatch(/empty/);
  });
});
