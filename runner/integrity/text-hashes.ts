/**
 * The normal forms and hashes under which a model could store an evaluation text as a lookup key.
 *
 * Normal forms: the text as the runner feeds it, lower- and upper-cased (what ONNX's StringNormalizer produces),
 * and two canonical forms: NFKC, lower case, whitespace runs as one space; and that with everything but letters
 * and digits removed, so a table keyed by a re-punctuated or re-spaced copy is found too.
 *
 * Hashes: MurmurHash3 x86 32-bit is the one string hash a graph can compute itself (onnxruntime's com.microsoft
 * MurmurHash3 op, https://github.com/microsoft/onnxruntime/blob/main/docs/ContribOperators.md#com.microsoft.MurmurHash3),
 * so it is checked with seed 0 and every seed the model's MurmurHash3 nodes use, signed and unsigned. FNV-1a
 * (32 and 64 bit) and the leading 8 bytes of MD5, SHA-1 and SHA-256 (read both ways round) cover the common
 * hashes an exporter could precompute for a graph fed hashed inputs.
 */
import { createHash } from "node:crypto";

// ASCII text is its own NFKC form: skipping normalize() for it halves the cost of a tokenizer's vocabulary.
const NON_ASCII = /[^\x00-\x7f]/;

export function canonicalText(text: string): string {
  return (NON_ASCII.test(text) ? text.normalize("NFKC") : text).toLowerCase().replace(/\s+/gu, " ").trim();
}

/** Letters and digits of a canonical form only. */
export function squashCanonical(canonical: string): string {
  return canonical.replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Letters and digits of the canonical form only. */
export function squashedText(text: string): string {
  return squashCanonical(canonicalText(text));
}

/** Every string form under which `text` is looked for, deduplicated. */
export function textForms(text: string): string[] {
  return [...new Set([text, text.toLowerCase(), text.toUpperCase(), canonicalText(text), squashedText(text)])].filter(
    (form) => form.length > 0,
  );
}

/** MurmurHash3_x86_32 over UTF-8 bytes (Austin Appleby's reference, public domain). Returns the unsigned value. */
export function murmurHash3(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let hash = seed >>> 0;
  const blocks = bytes.length >> 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let block = 0; block < blocks; block++) {
    let k = view.getUint32(block * 4, true);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = blocks * 4;
  switch (bytes.length & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: MurmurHash3 mixes the tail bytes by falling through
    case 3:
      k ^= bytes[tail + 2]! << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: as above
    case 2:
      k ^= bytes[tail + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[tail]!;
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      hash ^= k;
  }
  hash ^= bytes.length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

export function fnv1a64(bytes: Uint8Array): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  return hash;
}

/**
 * Every integer a table could hold for this text form, as int64 values (BigInt). 32-bit hashes are listed as
 * both their unsigned and signed readings; 64-bit ones as signed (an int64 tensor cannot hold the unsigned).
 */
export function integerKeys(form: string, murmurSeeds: readonly number[]): bigint[] {
  const bytes = new TextEncoder().encode(form);
  const keys: bigint[] = [];
  const add32 = (value: number) => keys.push(BigInt(value >>> 0), BigInt(value | 0));
  for (const seed of murmurSeeds) add32(murmurHash3(bytes, seed));
  add32(fnv1a32(bytes));
  keys.push(BigInt.asIntN(64, fnv1a64(bytes)));
  for (const algorithm of ["md5", "sha1", "sha256"]) {
    const digest = createHash(algorithm).update(bytes).digest();
    keys.push(digest.readBigInt64BE(0), digest.readBigInt64LE(0));
  }
  return keys;
}
