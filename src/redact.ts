// Keeps secrets out of everything okru reports: error messages, error fields, logs.

/** Parameter names whose values are secret: never reported, whatever the value. */
export const SECRET_PARAM_NAMES: ReadonlySet<string> = new Set([
  'access_token',
  'session_key',
  'session_secret_key',
  'application_secret_key',
  'client_secret',
  'refresh_token',
  'password',
  'code',
]);

export const REDACTED = '[redacted]';

/** Replaces every known secret (and its URL-encoded form) in a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/** The parameters as they may be reported: secret ones dropped, secrets inside the others replaced. */
export function redactParams(
  params: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in params) {
    if (SECRET_PARAM_NAMES.has(key)) continue;
    out[key] = redactText(params[key]!, secrets);
  }
  return out;
}
