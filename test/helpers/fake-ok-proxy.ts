// Hands a request the fake has read (and logged, counted, delayed) to the in-process mock, and the mock's answer back
// unchanged: the mock answers, the fake only watches.
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';

/** Headers of one connection, not of the message: each hop sets its own. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

export function proxyTo(target: string) {
  // A connection per request: a kept-alive one the mock closes while it is reused would be a reset no test caused.
  const agent = new Agent({ keepAlive: false });

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise<void>((resolve) => {
      const headers: OutgoingHttpHeaders = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP.has(k)));
      if (body.length) headers['content-length'] = body.length;
      const out = request(new URL(req.url!, target), { method: req.method, headers, agent }, (answer) => {
        const back = Object.fromEntries(
          Object.entries(answer.headers).filter(([k]) => k === 'content-length' || !HOP.has(k)),
        );
        res.writeHead(answer.statusCode ?? 502, back as OutgoingHttpHeaders);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', () => resolve(void res.destroy()));
      });
      // The mock dropped the connection (or is closed): so does the fake, as OK's front would.
      out.on('error', () => resolve(void res.destroy()));
      out.end(body);
    });
  }

  return { forward, close: () => agent.destroy() };
}
