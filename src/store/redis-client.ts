// The little RedisStore needs of a Redis client: running a Lua script. okru brings no Redis client of its own; the app
// passes the one it made, ioredis or node-redis (`redis`), whose ways of calling EVALSHA differ. Scripts run by their
// SHA1 (EVALSHA), and by their text (EVAL) when Redis does not know them yet, so that a script goes over the wire once
// per server and not with every call.
import { createHash } from 'node:crypto';
import { OkConfigError } from '../errors.js';

/** ioredis (`new Redis()`, `new Cluster()`): `evalsha(sha, numKeys, ...keys, ...args)`. */
export interface IoredisLike {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** node-redis 4 and 5 (`createClient()`, connected): `evalSha(sha, { keys, arguments })`. */
export interface NodeRedisLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A Redis client RedisStore can use: ioredis's or node-redis's. */
export type RedisClientLike = IoredisLike | NodeRedisLike;

/** Runs a Lua script with keys and arguments; resolves with Redis's answer. */
export type RunScript = (script: string, keys: string[], args: string[]) => Promise<unknown>;

const isNoScript = (err: unknown) => err instanceof Error && err.message.startsWith('NOSCRIPT');

/** The client's way of running scripts, found from the methods it has. */
export function scriptRunner(client: RedisClientLike): RunScript {
  const shas = new Map<string, string>();
  const sha = (script: string) => {
    let hash = shas.get(script);
    if (!hash) {
      hash = createHash('sha1').update(script).digest('hex');
      shas.set(script, hash);
    }
    return hash;
  };
  if (client && typeof (client as NodeRedisLike).evalSha === 'function') {
    const nodeRedis = client as NodeRedisLike;
    return (script, keys, args) =>
      nodeRedis
        .evalSha(sha(script), { keys, arguments: args })
        .catch((err: unknown) =>
          isNoScript(err) ? nodeRedis.eval(script, { keys, arguments: args }) : Promise.reject(err),
        );
  }
  if (client && typeof (client as IoredisLike).evalsha === 'function') {
    const ioredis = client as IoredisLike;
    return (script, keys, args) =>
      ioredis
        .evalsha(sha(script), keys.length, ...keys, ...args)
        .catch((err: unknown) =>
          isNoScript(err) ? ioredis.eval(script, keys.length, ...keys, ...args) : Promise.reject(err),
        );
  }
  throw new OkConfigError(
    'RedisStore: client must be an ioredis client (evalsha) or a node-redis client (evalSha), already made by the app',
  );
}
