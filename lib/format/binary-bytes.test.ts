import { expect, it } from "vitest";
import { formatBinaryBytes } from "./binary-bytes";

it("writes sizes in binary units with three significant digits, exact sizes without padding", () => {
  expect(formatBinaryBytes(256 * 1024 * 1024)).toBe("256 MiB");
  expect(formatBinaryBytes(1536)).toBe("1.50 KiB");
  expect(formatBinaryBytes(512)).toBe("512 B");
  expect(formatBinaryBytes(4 * 1024 ** 3)).toBe("4 GiB");
  expect(formatBinaryBytes(1234567)).toBe("1.18 MiB");
  expect(formatBinaryBytes(null)).toBe("—");
});
