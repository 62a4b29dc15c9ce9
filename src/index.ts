// The package entry: the public surface of okru.
export { API, type APIOptions } from './api.js';
export { Client, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, type ClientOptions } from './client.js';
export { defineMethod, type MethodFunction, type ParamsArgs } from './define-method.js';
export {
  OkError,
  OkApiError,
  OkHttpError,
  OkResponseError,
  OkNetworkError,
  OkTimeoutError,
  OkParamError,
  OkSessionError,
  OkConfigError,
  isOkApiError,
  isSessionExpired,
  isPermissionError,
  isRateLimitError,
  isSignatureError,
  isParamError,
} from './errors.js';
export { decodeMethodInfo, type MethodInfo, type ParamInfo, type ParamKind } from './method-info.js';
export { md5Hex } from './md5.js';
export { serializeParams, serializeValue } from './serialize.js';
export { sign, signatureBase, serverSecret } from './signature.js';
export { Session, type CallAuth, type Circuit } from './sessions/session.js';
export {
  TokenSession,
  ClientSession,
  ServerSession,
  type TokenSessionOptions,
  type ClientSessionOptions,
  type ServerSessionOptions,
} from './sessions/token-session.js';
export { compose, type Handler, type Middleware, type OkRequest } from './transport/pipeline.js';
export { MAX_GET_URL_LENGTH } from './transport/http.js';
export type { AnyCase, HttpMethod, JsonInput, JsonValue, OkId, SessionRule } from './types.js';
export * from '../generated/index.js';
