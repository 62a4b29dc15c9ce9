// The Lua scripts behind RedisStore: each operation of the store interface is one script, which Redis runs without
// interleaving anything else, so that a check and the write it decides (room in a window, a free lock, the value a
// token write expects) cannot be split by another process. Times come from Redis's own clock (TIME), so that
// processes whose clocks differ still book turns on one time line; the scripts answer with durations. They are the
// same rules as MemoryStore's (memory-store.ts). Redis 5 or later (TIME before a write needs effect replication).

/** Now, in ms with µs precision, from Redis's clock. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000`;

export const SCRIPTS = {
  /**
   * KEYS: turns (sorted set of booked turns by time, at the time they went once they went), blocked-until, went
   * (sorted set of the turns that went, by the time they went). ARGV: limit, interval, id. → ms to wait.
   */
  takeTurn: `${NOW}
local limit = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
-- A turn at or before now - interval is more than a window before any turn booked from now on.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - interval)
local at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or 0))
local n = redis.call('ZCARD', KEYS[1])
-- The limit-th latest turn and the new one must be a whole interval apart; turns keep their booking order, spread
-- out: at least interval / limit after the latest.
if n >= limit then
  at = math.max(at, tonumber(redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')[2]) + interval)
end
if n > 0 then
  at = math.max(at, tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]) + interval / limit)
end
redis.call('ZADD', KEYS[1], string.format('%.3f', at), ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(at - now + interval) + 1000)
-- A turn of now goes now: it counts as gone at once.
if at <= now then
  redis.call('ZADD', KEYS[3], string.format('%.3f', now), ARGV[3])
  redis.call('PEXPIRE', KEYS[3], math.ceil(interval) + 1000)
end
return math.ceil(at - now)`,

  /**
   * KEYS: turns, went. ARGV: limit, interval, id. → 0 when the call goes now (recorded as gone now), else the ms until
   * there is room (the turn moves there).
   */
  confirmTurn: `${NOW}
local limit = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - interval)
local at = now
local n = redis.call('ZCARD', KEYS[2])
-- Room when the limit-th latest call that went is a whole interval ago.
if n >= limit then
  at = math.max(at, tonumber(redis.call('ZRANGE', KEYS[2], n - limit, n - limit, 'WITHSCORES')[2]) + interval)
end
redis.call('ZADD', KEYS[1], string.format('%.3f', at), ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(at - now + interval) + 1000)
if at > now then return math.ceil(at - now) end
redis.call('ZADD', KEYS[2], string.format('%.3f', now), ARGV[3])
redis.call('PEXPIRE', KEYS[2], math.ceil(interval) + 1000)
return 0`,

  /** KEYS: turns. ARGV: id. */
  cancelTurn: `redis.call('ZREM', KEYS[1], ARGV[1])
return 0`,

  /** KEYS: blocked-until. ARGV: ms. An earlier block is extended, never shortened. */
  block: `${NOW}
local ms = tonumber(ARGV[1])
local blockedUntil = now + ms
if blockedUntil > tonumber(redis.call('GET', KEYS[1]) or 0) then
  redis.call('SET', KEYS[1], string.format('%.3f', blockedUntil), 'PX', math.ceil(ms))
end
return 0`,

  /** KEYS: blocked-until. → ms left, 0 when not blocked. */
  blockedFor: `${NOW}
local left = tonumber(redis.call('GET', KEYS[1]) or 0) - now
if left <= 0 then return 0 end
return math.ceil(left)`,

  /** KEYS: the key. → its value, or nil. */
  get: `return redis.call('GET', KEYS[1])`,

  /** KEYS: the key. ARGV: '1' when a value is expected (else absence), the expected value, '1' to set (else delete), the value. → 1 when done. */
  compareAndSet: `local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[3] == '1' then redis.call('SET', KEYS[1], ARGV[4]) else redis.call('DEL', KEYS[1]) end
return 1`,

  /** KEYS: the lock. ARGV: owner, ttl in ms. → 1 when taken. */
  lock: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,

  /** KEYS: the lock. ARGV: owner. Only the owner releases it. */
  unlock: `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`,
} as const;
