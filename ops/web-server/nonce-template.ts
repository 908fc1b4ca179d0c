/**
 * A rendered response kept for reuse with its CSP nonce cut out, so that every reuse carries a fresh nonce (a
 * nonce must be unguessable and used for one response only: one seen by an attacker must not unlock the next
 * visitor's page). The body is kept twice: as its parts between the nonces, and as those parts gzip-compressed
 * once, each ending byte-aligned (a full flush, RFC 1951 §3.2.4). A response is then assembled without compressing
 * anything again: the parts' deflate blocks, the nonce between them as a stored (uncompressed) block, one empty
 * final block, and the gzip trailer (CRC-32 and length, RFC 1952) computed over the filled-in text.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";

export interface NonceTemplate {
  /** The body's bytes between occurrences of the nonce (one part when the body does not contain it). */
  parts: Buffer[];
  /** Each part as raw deflate blocks ending with a full flush (no back references across parts). */
  deflatedParts: Buffer[];
  /** Header values, each cut at the nonce the same way. */
  headers: Array<{ name: string; parts: string[] }>;
}

/** gzip's fixed header: deflate, no flags, no modification time, no extra flags, OS "unknown" (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** An empty stored block with BFINAL set: ends the deflate stream (RFC 1951 §3.2.4). */
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
/** A stored block holds at most 65,535 bytes; a nonce is 24. */
const STORED_BLOCK_LIMIT = 0xffff;

/** `nonce` null: the response carried none (no CSP, or one without a nonce), and is kept whole. */
export function makeNonceTemplate(
  body: Buffer,
  headers: ReadonlyArray<{ name: string; value: string }>,
  nonce: string | null,
): NonceTemplate {
  if (nonce === "") throw new Error("a nonce template needs the nonce it cuts out");
  const parts = nonce === null ? [body] : splitBuffer(body, Buffer.from(nonce, "utf8"));
  return {
    parts,
    deflatedParts: parts.map((part) =>
      deflateRawSync(part, { level: constants.Z_BEST_COMPRESSION, finishFlush: constants.Z_FULL_FLUSH }),
    ),
    headers: headers.map(({ name, value }) => ({ name, parts: nonce === null ? [value] : value.split(nonce) })),
  };
}

export function fillHeaders(template: NonceTemplate, nonce: string): Array<{ name: string; value: string }> {
  return template.headers.map(({ name, parts }) => ({ name, value: parts.join(nonce) }));
}

export function fillBody(template: NonceTemplate, nonce: string): Buffer {
  return Buffer.concat(interleave(template.parts, Buffer.from(nonce, "utf8")));
}

/** The body with `nonce` filled in, as a gzip member, without compressing anything again. */
export function fillGzippedBody(template: NonceTemplate, nonce: string): Buffer {
  const nonceBytes = Buffer.from(nonce, "utf8");
  if (nonceBytes.length > STORED_BLOCK_LIMIT) throw new Error("a nonce longer than a stored block");
  let crc = 0;
  let length = 0;
  for (const [index, part] of template.parts.entries()) {
    if (index > 0) {
      crc = crc32(nonceBytes, crc);
      length += nonceBytes.length;
    }
    crc = crc32(part, crc);
    length += part.length;
  }
  const storedNonce = Buffer.alloc(5 + nonceBytes.length);
  // BFINAL 0, BTYPE 00 (stored), padded to the byte; then LEN and its one's complement, little-endian.
  storedNonce.writeUInt8(0x00, 0);
  storedNonce.writeUInt16LE(nonceBytes.length, 1);
  storedNonce.writeUInt16LE(~nonceBytes.length & 0xffff, 3);
  nonceBytes.copy(storedNonce, 5);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1).
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...interleave(template.deflatedParts, storedNonce), FINAL_EMPTY_BLOCK, trailer]);
}

/** The template's size in memory, for the cache's budget. */
export function templateBytes(template: NonceTemplate): number {
  const sum = (buffers: Buffer[]) => buffers.reduce((total, buffer) => total + buffer.length, 0);
  return (
    sum(template.parts) +
    sum(template.deflatedParts) +
    template.headers.reduce((total, header) => total + header.name.length + header.parts.join("").length, 0)
  );
}

function splitBuffer(buffer: Buffer, separator: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = buffer.indexOf(separator, start); at >= 0; at = buffer.indexOf(separator, start)) {
    parts.push(buffer.subarray(start, at));
    start = at + separator.length;
  }
  parts.push(buffer.subarray(start));
  return parts;
}

function interleave(parts: Buffer[], between: Buffer): Buffer[] {
  return parts.flatMap((part, index) => (index === 0 ? [part] : [between, part]));
}
