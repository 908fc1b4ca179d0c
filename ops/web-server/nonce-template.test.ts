import { randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fillBody, fillGzippedBody, fillHeaders, makeNonceTemplate } from "./nonce-template";

const nonceOf = () => randomBytes(16).toString("base64");

function page(nonce: string): Buffer {
  // Shaped like a Next.js page: the nonce on several inline scripts, at the start, the end and far apart.
  const filler = Array.from(
    { length: 3000 },
    (_, i) => `<tr><td>model-${i}</td><td>${(i * 0.37).toFixed(3)}</td></tr>`,
  );
  return Buffer.from(
    `${nonce}<!DOCTYPE html><html><head><script nonce="${nonce}">self.__next_f=[]</script></head><body><table>${filler.join("")}</table>` +
      `<script nonce="${nonce}">self.__next_f.push([1,"é ✓ 🌱"])</script>${nonce}`,
    "utf8",
  );
}

describe("a response kept with its nonce cut out", () => {
  const rendered = nonceOf();
  const headers = [
    { name: "content-security-policy", value: `script-src 'self' 'nonce-${rendered}' 'strict-dynamic'` },
    { name: "content-type", value: "text/html; charset=utf-8" },
  ];
  const template = makeNonceTemplate(page(rendered), headers, rendered);

  it("fills a fresh nonce into every place the rendered one stood, in the body and the headers", () => {
    const fresh = nonceOf();
    expect(fillBody(template, fresh).equals(page(fresh))).toBe(true);
    expect(fillBody(template, fresh).includes(rendered)).toBe(false);
    expect(fillHeaders(template, fresh)).toEqual([
      { name: "content-security-policy", value: `script-src 'self' 'nonce-${fresh}' 'strict-dynamic'` },
      { name: "content-type", value: "text/html; charset=utf-8" },
    ]);
  });

  it("assembles a valid gzip member that decompresses to exactly the filled-in page", () => {
    for (let run = 0; run < 5; run++) {
      const fresh = nonceOf();
      const gzipped = fillGzippedBody(template, fresh);
      // gunzip checks the CRC-32 and the length in the trailer: a wrong one throws.
      expect(gunzipSync(gzipped).equals(page(fresh))).toBe(true);
      expect(gzipped.length).toBeLessThan(page(fresh).length / 4);
    }
  });

  it("handles a body without the nonce (a JSON answer) and an empty body", () => {
    const json = Buffer.from(JSON.stringify({ entries: [1, 2, 3] }));
    const plain = makeNonceTemplate(json, [], rendered);
    expect(plain.parts).toHaveLength(1);
    expect(gunzipSync(fillGzippedBody(plain, nonceOf())).equals(json)).toBe(true);
    const empty = makeNonceTemplate(Buffer.alloc(0), [], rendered);
    expect(gunzipSync(fillGzippedBody(empty, nonceOf())).length).toBe(0);
  });

  it("refuses to cut out an empty nonce (it would split between every byte)", () => {
    expect(() => makeNonceTemplate(Buffer.from("x"), [], "")).toThrow(/needs the nonce/);
  });
});
