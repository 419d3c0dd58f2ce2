// IDs of OnceHub's shape: a prefix and uppercase alphanumerics (`BKNG-J4FR05BKEWEX`).

import { createHash, randomBytes } from 'node:crypto'

/** The characters of an ID after its prefix. */
export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

function encode (bytes: Uint8Array, length: number): string {
  return [...bytes.subarray(0, length)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')
}

/** A fresh random ID, for objects no seed decides (subscriptions, events, deliveries). */
export function randomId (prefix: string, length: number): string {
  return prefix + encode(randomBytes(length), length)
}

/** An ID derived from `text`: the same text gives the same ID, so reruns agree. */
export function derivedId (prefix: string, length: number, text: string): string {
  return prefix + encode(createHash('sha256').update(text).digest(), length)
}

/**
 * The first ID derived from `textOf(n)`, for n = `first`, `first` + 1, ..., that `free`
 * accepts: derived, so reruns agree, and made unique by the counter when one is taken.
 */
export function freeDerivedId (prefix: string, length: number, textOf: (n: number) => string, free: (id: string) => boolean, first = 0): string {
  for (let n = first; ; n++) {
    const id = derivedId(prefix, length, textOf(n))
    if (free(id)) return id
  }
}
