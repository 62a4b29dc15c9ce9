// What went over the wire: a fake fetch that records requests, and readers for query strings and form bodies.

export interface SeenRequest {
  method: string;
  url: URL;
  /** The parameters, from the query (GET) or the form body (POST). */
  params: Record<string, string>;
  headers: Headers;
  body: string;
}

/** Parses `a=1&b=2` exactly as a form decoder does (`+` is a space). */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

export async function readRequest(request: Request): Promise<SeenRequest> {
  const url = new URL(request.url);
  const body = request.method === 'GET' ? '' : await request.text();
  return {
    method: request.method,
    url,
    params: request.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(body),
    headers: request.headers,
    body,
  };
}

export type Reply = (seen: SeenRequest) => Response | Promise<Response>;

export function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json;charset=utf-8' } });
}

/** A fetch that answers with `reply` and records every request. */
export function recordingFetch(reply: Reply = () => json(true)) {
  const seen: SeenRequest[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const s = await readRequest(request);
    seen.push(s);
    return reply(s);
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}
