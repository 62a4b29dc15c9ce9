/**
 * The entry `okru/redis`: `RedisStore`, the shared store in Redis, so that every process of an app keeps one rate
 * limit (`rateLimit({ store })`), waits out OK's 8 FLOOD_BLOCKED together, and refreshes each user's token once
 * (`new RefreshSession({ store, storeKey })`). okru brings no Redis client: pass the ioredis or node-redis client
 * your app made. Node only.
 *
 * @module okru/redis
 */
export { RedisStore, type RedisStoreOptions } from './store/redis-store.js';
export type { IoredisLike, NodeRedisLike, RedisClientLike } from './store/redis-client.js';
