import { describe, expect, it } from "vitest";
import { acceptsGzip } from "./accepts-gzip";

describe("acceptsGzip", () => {
  it("takes gzip as browsers and scripts ask for it, in any case and with any positive quality", () => {
    for (const header of ["gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*", " deflate , gzip ;q=0.001"]) {
      expect(acceptsGzip(header), header).toBe(true);
    }
  });

  it("refuses a missing header, identity, a q of 0 and a quality that is not a number", () => {
    for (const header of [
      undefined,
      "",
      "identity",
      "br, deflate",
      "gzip;q=0",
      "gzip;q=0.000",
      "*;q=0",
      "gzip;q=abc",
    ]) {
      expect(acceptsGzip(header), String(header)).toBe(false);
    }
  });
});
