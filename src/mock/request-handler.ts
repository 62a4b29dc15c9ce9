// One request, as a real server answers it: the target parsed without trusting it (400 when it is not a path, never
// an exception), 404 for no endpoint, CORS preflights, 405 with `Allow` for a method the endpoint does not serve, then
// the endpoint; a body past its limit is a 413, any failure a 500. Nothing a request does can end the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiCall, type Answer, type ApiContext } from './api-endpoint.js';
import { authorize } from './authorize.js';
import type { MockConfig } from './config.js';
import { corsHeaders, preflightHeaders, type CorsOrigin } from './cors.js';
import { dialog } from './dialog.js';
import { okError } from './errors.js';
import { errorPage } from './pages.js';
import { BodyTooLargeError, isTooMany, parseParams, readBody } from './request-body.js';
import { htmlReply, jsonReply, send, textReply } from './reply.js';
import {
  CORS_ROUTES,
  ROUTE_METHODS,
  allowHeader,
  matchRoute,
  parseTarget,
  type RequestTarget,
  type Route,
} from './routes.js';
import type { MockState } from './state.js';
import { token, type TokenEndpointOptions } from './token-endpoint.js';
import { uploadPhotos } from './uploads.js';
import { videoUpload } from './video-uploads.js';

export interface HandlerContext {
  config: MockConfig;
  state: MockState;
  corsOrigin: CorsOrigin;
  stats: { api: number; oauth: number; upload: number };
  api: ApiContext;
  token: TokenEndpointOptions;
}

const INDEX_ENDPOINTS = ['/fb.do', '/api/<group>/<method>', '/oauth/authorize', '/oauth/token.do'];

type Outcome = { answer: Answer } | { error: unknown };

export function requestHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, state, stats } = ctx;
  const { limits } = state;

  /** The endpoint's answer; a promise only where a body must be read or a fault waits. */
  function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    target: RequestTarget,
  ): Answer | Promise<Answer> {
    switch (route.kind) {
      case 'api':
        stats.api++;
        return apiCall(ctx.api, req, res, target, route.methodFromPath);
      case 'authorize':
        stats.oauth++;
        return authorize(state, req, target);
      case 'dialog':
        stats.oauth++;
        return readBody(req, limits.maxBodyBytes).then((body) => {
          const form = parseParams(req.method === 'POST' ? body : '', '', limits.maxParams);
          if (isTooMany(form)) return htmlReply(errorPage(`Too many form fields: at most ${form.limit}.`), 400);
          return dialog(state, req, target, form);
        });
      case 'token':
        stats.oauth++;
        return readBody(req, limits.maxBodyBytes).then((body) => {
          const params = parseParams(target.query, req.method === 'POST' ? body : '', limits.maxParams);
          if (isTooMany(params))
            return jsonReply(
              { error: 'invalid_request', error_description: `Too many parameters: at most ${params.limit}` },
              400,
            );
          return token(state, params, ctx.token);
        });
      case 'upload':
        stats.upload++;
        return uploadPhotos(state, req, route.slot, route.media);
      case 'videoUpload':
        stats.upload++;
        return videoUpload(state, req, route.slot);
      case 'index':
        return jsonReply({
          name: 'okru mock OK API',
          endpoints: INDEX_ENDPOINTS,
          apps: config.apps.map((a) => a.appId),
        });
    }
  }

  /**
   * Writes the answer; a body past its limit is a 413, any other failure a 500 that quotes nothing of the request (an
   * error's message may). Never throws: it also runs in promise callbacks, where a throw would be an unhandled
   * rejection, which ends the process.
   */
  function finish(
    req: IncomingMessage,
    res: ServerResponse,
    outcome: Outcome,
    cors: Readonly<Record<string, string>>,
  ): void {
    try {
      write(req, res, outcome, cors);
    } catch {
      res.destroy();
    }
  }

  function write(
    req: IncomingMessage,
    res: ServerResponse,
    outcome: Outcome,
    cors: Readonly<Record<string, string>>,
  ): void {
    if ('error' in outcome && outcome.error instanceof BodyTooLargeError) {
      // The rest of the body is not wanted: the connection closes after this answer.
      send(
        res,
        textReply(`Payload Too Large: at most ${outcome.error.limit} bytes`, 413, { connection: 'close' }),
        cors,
      );
    } else if ('error' in outcome) {
      if (res.headersSent || res.destroyed) res.destroy();
      else
        send(
          res,
          jsonReply(
            okError(9999, `The mock failed on this request (${(outcome.error as Error)?.name ?? 'error'})`),
            500,
          ),
          // With its CORS headers, so that a browser app reads OK's error 9999 rather than an opaque network failure.
          cors,
        );
    } else if (outcome.answer === 'drop') {
      req.socket.destroy();
    } else {
      send(res, outcome.answer, cors);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const target = parseTarget(req.url);
    if (!target) {
      send(
        res,
        textReply('Bad Request: the request target must be a path such as /fb.do', 400, { connection: 'close' }),
      );
      return;
    }
    const route = matchRoute(target.pathname);
    if (!route) {
      send(res, jsonReply(okError(3, `No such endpoint ${target.pathname}`), 404));
      return;
    }
    const cors = CORS_ROUTES.has(route.kind) ? corsHeaders(ctx.corsOrigin, req) : {};
    if (req.method === 'OPTIONS') {
      const preflight = CORS_ROUTES.has(route.kind) ? preflightHeaders(ctx.corsOrigin, req) : {};
      send(res, { status: 204, headers: { allow: allowHeader(route.kind), ...preflight }, body: '' });
      return;
    }
    if (!ROUTE_METHODS[route.kind].includes(req.method ?? '')) {
      send(
        res,
        textReply(`Method Not Allowed: ${target.pathname} takes ${allowHeader(route.kind)}`, 405, {
          allow: allowHeader(route.kind),
        }),
        cors,
      );
      return;
    }
    let answer: Answer | Promise<Answer>;
    try {
      answer = dispatch(req, res, route, target);
    } catch (error) {
      finish(req, res, { error }, cors);
      return;
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => finish(req, res, { answer: a }, cors),
        (error: unknown) => finish(req, res, { error }, cors),
      );
    } else {
      finish(req, res, { answer }, cors);
    }
  }

  return (req, res) => {
    try {
      handle(req, res);
    } catch {
      // Writing the answer itself failed (the connection went away): nothing left to tell the client.
      res.destroy();
    }
  };
}
