// An independent reference for OK's request signature, written from OK's docs without looking at src/: node:crypto
// instead of spark-md5, its own sorting and joining. Tests compare what okru sends against it.
import { createHash } from 'node:crypto';

export function md5(text: string): string {
  // Node encodes a lone surrogate as U+FFFD, as any UTF-8 encoder does.
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function referenceSig(received: Record<string, string>, secret: string): string {
  const keys = Object.keys(received)
    .filter((k) => k !== 'sig' && k !== 'access_token')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return md5(keys.map((k) => `${k}=${received[k]}`).join('') + secret);
}

export function referenceServerSecret(accessToken: string, appSecretKey: string): string {
  return md5(accessToken + appSecretKey);
}
