// Seeded randomness, so that demo data and injected faults repeat exactly for the same seed.

/** mulberry32: small, fast, good enough for test data; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A digit string of `length`, from the generator. */
export function randomDigits(next: () => number, length: number): string {
  const digits = [String(1 + Math.floor(next() * 9))];
  while (digits.length < length) digits.push(String(Math.floor(next() * 10)));
  // One flat string: built with += it would be a rope of `length` pieces, kept as such in the state's maps.
  return digits.join('');
}

/** Lower-case hex of `bytes` random bytes. */
export function randomHex(next: () => number, bytes: number): string {
  const out: string[] = [];
  for (let i = 0; i < bytes; i++)
    out.push(
      Math.floor(next() * 256)
        .toString(16)
        .padStart(2, '0'),
    );
  return out.join('');
}
