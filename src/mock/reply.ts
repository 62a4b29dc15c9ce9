// What a handler answers, before it is written: status, headers and body, so that the server can add the headers
// every answer of an endpoint carries (CORS) in one place.
import type { ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers?: Readonly<Record<string, string | string[]>>;
  body: string;
}

const JSON_TYPE: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json;charset=utf-8' });

export const jsonReply = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  // Shared when there is nothing to add: most answers of the API are this.
  headers: headers ? { ...JSON_TYPE, ...headers } : JSON_TYPE,
  body: JSON.stringify(body),
});

export const htmlReply = (body: string, status = 200, headers: Record<string, string | string[]> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/html;charset=utf-8', ...headers },
  body,
});

export const textReply = (body: string, status: number, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/plain;charset=utf-8', ...headers },
  body,
});

export const redirectReply = (location: string, cookies: string[] = []): Reply => ({
  status: 302,
  headers: { location, ...(cookies.length ? { 'set-cookie': cookies } : {}) },
  body: '',
});

export function send(res: ServerResponse, reply: Reply, extraHeaders: Readonly<Record<string, string>> = {}): void {
  // A length, as real servers send, rather than chunks; a 204 carries neither.
  const length = reply.status === 204 ? {} : { 'content-length': String(Buffer.byteLength(reply.body)) };
  res.writeHead(reply.status, { ...extraHeaders, ...length, ...reply.headers });
  res.end(reply.body);
}
