// Comparing a received signature with the expected one without an early exit, so the time taken does not tell an
// attacker how many leading characters were right. Plain code, no node:crypto: it runs in browsers and workers too.

/**
 * True when `a` and `b` are the same string, in time that depends only on their length. A length mismatch returns
 * false at once: the lengths are not secret (an MD5 hex digest is always 32 characters).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
