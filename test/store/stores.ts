// The shared stores the tests run on, one set of tests for all: MemoryStore, and RedisStore over a real redis-server
// with each client library it supports (ioredis, node-redis). `connect()` gives each client of a test its own
// connection to one shared state, as separate processes would have: a new Redis client each time, the same
// MemoryStore in memory (a process's clients share it).
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { MemoryStore, type SharedStore } from '../../src/index.js';
import { RedisStore } from '../../src/redis.js';
import { type RedisServer, skipRedisTests, startRedisServer } from '../helpers/redis-server.js';

export interface StoreKind {
  readonly name: string;
  /** Starts what the store needs (a redis-server); once per file. */
  start(): Promise<void>;
  /** A connection of its own to the shared state. */
  connect(): Promise<SharedStore>;
  /** Forgets the state and closes the connections: after each test. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function memoryKind(): StoreKind {
  let store = new MemoryStore();
  return {
    name: 'MemoryStore',
    start: async () => {},
    connect: async () => store,
    reset: async () => {
      store = new MemoryStore();
    },
    stop: async () => {},
  };
}

/** A RedisStore kind: `open` makes one client connection and returns the store over it and how to close it. */
function redisKind(
  name: string,
  open: (server: RedisServer) => Promise<{ store: SharedStore; close: () => Promise<unknown> }>,
): StoreKind {
  let server: RedisServer | undefined;
  let connections: (() => Promise<unknown>)[] = [];
  return {
    name,
    start: async () => {
      server = await startRedisServer();
    },
    connect: async () => {
      const { store, close } = await open(server!);
      connections.push(close);
      return store;
    },
    reset: async () => {
      const admin = new Redis({ port: server!.port, host: '127.0.0.1', lazyConnect: true });
      await admin.flushall();
      admin.disconnect();
      await Promise.all(connections.map((close) => close()));
      connections = [];
    },
    stop: async () => {
      await server?.close();
    },
  };
}

export const ioredisKind = () =>
  redisKind('RedisStore (ioredis)', async (server) => {
    const client = new Redis({ port: server.port, host: '127.0.0.1' });
    return { store: new RedisStore(client), close: async () => client.disconnect() };
  });

export const nodeRedisKind = () =>
  redisKind('RedisStore (node-redis)', async (server) => {
    const client = createClient({ url: server.url });
    await client.connect();
    return { store: new RedisStore(client), close: () => client.close() };
  });

/** The kinds this machine can run: Redis's only where redis-server is installed (or required). */
export function storeKinds(file: string): StoreKind[] {
  return skipRedisTests(file) ? [memoryKind()] : [memoryKind(), ioredisKind(), nodeRedisKind()];
}

/** `store` with some of its operations replaced, e.g. by one that fails after the store carried it out. */
export function storeWith(store: SharedStore, replaced: Partial<SharedStore>): SharedStore {
  return {
    takeTurn: (...args) => store.takeTurn(...args),
    confirmTurn: (...args) => store.confirmTurn(...args),
    cancelTurn: (...args) => store.cancelTurn(...args),
    block: (...args) => store.block(...args),
    blockedFor: (...args) => store.blockedFor(...args),
    get: (...args) => store.get(...args),
    compareAndSet: (...args) => store.compareAndSet(...args),
    lock: (...args) => store.lock(...args),
    unlock: (...args) => store.unlock(...args),
    ...replaced,
  };
}
