// The dialog's two cookies, as OK's connect.ok.ru keeps them: one for the dialog in progress (the authorize request
// it serves), one for the logged-in user, which later authorize requests honour.
import type { IncomingMessage } from 'node:http';

export const FLOW_COOKIE = 'OKMOCKFLOW';
export const LOGIN_COOKIE = 'OKMOCKAUTH';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Session cookies (no Max-Age: the mock forgets them first), never readable by scripts. */
export function setCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax`;
}
