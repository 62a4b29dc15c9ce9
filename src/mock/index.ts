/**
 * The entry `okru/mock`: a local OK API server built from the same spec, for tests, demos and the CLI.
 *
 * @module okru/mock
 */
export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export {
  DEMO_CONFIG,
  checkMockConfig,
  loadMockConfig,
  type MockApp,
  type MockConfig,
  type MockUser,
} from './config.js';
export { parseFaults, type FaultOptions } from './faults.js';
export type { CallLimiter, CallLimits } from './call-limits.js';
export { DEFAULT_LIFETIMES, DEFAULT_LIMITS, type MockLifetimes, type MockLimits } from './limits.js';
export type { CorsOrigin } from './cors.js';
export type {
  MockState,
  TokenGrant,
  CodeGrant,
  RefreshGrant,
  AuthorizeRequest,
  DialogFlow,
  PhotoRecord,
  AlbumRecord,
  TopicRecord,
  UploadSlot,
} from './state.js';
export type { ExpiringMap } from './expiring-map.js';
