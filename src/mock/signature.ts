// The signature as OK checks it, computed by the mock on its own (node:crypto, not the SDK's signer, so that a bug in
// one is not hidden by the same bug in the other): every parameter but sig and access_token, sorted by key, joined as
// `key=value`, the secret appended, MD5 in lower-case hex.
import * as crypto from 'node:crypto';

/**
 * crypto.hash (one call, no Hash object: several times faster on short texts) where Node has it, from 20.12 on; a lone
 * surrogate is hashed as U+FFFD either way. A namespace import, so that a Node without it still loads this module.
 */
export const md5: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('md5', text, 'hex')
    : (text) => crypto.createHash('md5').update(text, 'utf8').digest('hex');

export function expectedSig(params: Readonly<Record<string, string>>, secret: string): string {
  const keys = Object.keys(params).sort();
  let base = '';
  for (const key of keys) if (key !== 'sig' && key !== 'access_token') base += `${key}=${params[key]}`;
  return md5(base + secret);
}
