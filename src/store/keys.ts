// The names okru gives what it keeps in a shared store: `okru:<appId>:<kind>:<key>`. The app's id comes first, so two
// apps sharing one store never share a limit or a token; an app id is digits only (checkAppId), so no key of one app
// can be read as a key of another.

export type KeyKind = 'rate' | 'tokens' | 'lock';

export function storeKey(appId: number | string, kind: KeyKind, key: string): string {
  return `okru:${appId}:${kind}:${key}`;
}
