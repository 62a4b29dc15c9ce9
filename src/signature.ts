// The request signature (`sig`), per OK's docs: sort the parameters by key, join `key=value` without separators,
// append the secret, MD5 over UTF-8, lower-case hex. `sig` itself and `access_token` are never signed.
import { md5Hex } from './md5.js';

const UNSIGNED = new Set(['sig', 'access_token']);

/** The text that is hashed, without the secret: the sorted `key=value` pairs. */
export function signatureBase(params: Readonly<Record<string, string>>): string {
  // Default sort compares UTF-16 code units: the plain ordering OK uses.
  const keys = Object.keys(params).sort();
  let base = '';
  for (const key of keys) if (!UNSIGNED.has(key)) base += `${key}=${params[key]}`;
  return base;
}

export function sign(params: Readonly<Record<string, string>>, secret: string): string {
  return md5Hex(signatureBase(params) + secret);
}

/** The secret of the server-server circuit: md5(access_token + application_secret_key). */
export function serverSecret(accessToken: string, appSecretKey: string): string {
  return md5Hex(accessToken + appSecretKey);
}
