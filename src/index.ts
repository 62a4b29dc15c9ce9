/**
 * The package entry `okru`: the client, sessions and OAuth token flows, WEB launch and payment verification, uploads,
 * middleware, errors, and the generated types. Per-method functions are in `okru/methods`, the login-dialog flows in
 * `okru/login`, the mock server in `okru/mock`.
 *
 * @module okru
 */
export { API, type APIOptions } from './api.js';
export {
  Client,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT,
  DEFAULT_MAX_RESPONSE_BYTES,
  type ClientOptions,
  type UploadOptions,
} from './client.js';
export type { CallOptions } from './transport/call-options.js';
export {
  OkError,
  OkApiError,
  OkHttpError,
  OkRedirectError,
  OkResponseError,
  OkResponseTooLargeError,
  OkNetworkError,
  OkTimeoutError,
  OkAbortError,
  OkPagingError,
  OkParamError,
  OkSessionError,
  OkConfigError,
  OkPermissionError,
  isOkApiError,
  isSessionExpired,
  isPermissionError,
  isRateLimitError,
  isSignatureError,
  isParamError,
} from './errors.js';
export type {
  BatchInfo,
  MethodInfo,
  MethodRow,
  PagingInfo,
  ParamInfo,
  ParamKind,
  ParamPermission,
} from './method-info.js';
export {
  pages,
  paginate,
  type Page,
  type PageItem,
  type PagedMethod,
  type Callable,
  type PaginateArgs,
  type PaginateOptions,
  type PaginatedItems,
} from './paginate.js';
export type { MethodFunction, ParamsArgs } from './method-function.js';
export { METHODS, type MethodTable } from './method-table.js';
export { requiredPermissions, missingPermissions, type SessionKind } from './permissions.js';
export { Session, type CallAuth, type Circuit, type SessionLike } from './sessions/session.js';
export {
  TokenSession,
  ClientSession,
  ServerSession,
  type TokenSessionClass,
  type TokenSessionConstructor,
  type ServerSessionClass,
  type ServerSessionConstructor,
  type TokenSessionOptions,
  type ClientSessionOptions,
  type ServerSessionOptions,
} from './sessions/token-session.js';
export type { AuthorizingSession, OAuthEndpointOptions, OAuthTokens } from './oauth/authorizing-session.js';
export { CodeSession, CodeServerSession, type CodeSessionOptions } from './oauth/code-session.js';
export { RefreshSession, RefreshServerSession, type RefreshSessionOptions } from './oauth/refresh-session.js';
export {
  PasswordSession,
  PasswordClientSession,
  type PasswordSessionOptions,
  type PasswordClientSessionOptions,
} from './oauth/password-session.js';
export type { LoginPasswordOptions } from './oauth/login-password-session.js';
export {
  authorizeUrl,
  parseRedirect,
  DEFAULT_CONNECT_BASE_URL,
  DEFAULT_OAUTH_BASE_URL,
  type AuthorizeUrlOptions,
  type CodeRedirect,
  type TokenRedirect,
  type ParseRedirectOptions,
} from './oauth/authorize-url.js';
export {
  OAuthError,
  OAuthStateError,
  LoginError,
  WrongCredentialsError,
  CaptchaRequiredError,
  VerificationRequiredError,
  AccountBlockedError,
  UnknownAppError,
  UnexpectedPageError,
  UnsafeFormError,
  LoginRequiredError,
  TokenStorageError,
} from './oauth/errors.js';
export { randomState } from './oauth/state.js';
export { verifyLaunchParams, launchParamsProblem, apiServerFromLaunchParams } from './web/launch-params.js';
export { WebSession, type WebSessionOptions } from './web/web-session.js';
export type { QueryInput } from './web/query.js';
export {
  verifyPaymentCallback,
  paymentCallbackProblem,
  paymentCallbackSuccess,
  paymentCallbackError,
  PAYMENT_CALLBACK_ERRORS,
  type PaymentCallbackAnswer,
} from './callbacks/payment.js';
export { retry, defaultRetryDelay, type RetryOptions } from './middleware/retry.js';
export { rateLimit, type RateLimitOptions } from './middleware/rate-limit.js';
export { coalesce, type CoalesceOptions } from './middleware/coalesce.js';
export type { SharedStore } from './store/store.js';
export { MemoryStore } from './store/memory-store.js';
export { StoreError } from './store/errors.js';
export { uploadPhotos, uploadVideo, uploadMoment } from './upload/on-first-call.js';
export type { FileInput } from './upload/file-input.js';
export type { PhotoInput, UploadPhotosOptions, UploadedPhoto } from './upload/photos.js';
export type { VideoInput, UploadVideoOptions, UploadedVideo } from './upload/video.js';
export type { UploadMomentOptions, UploadedMoment } from './upload/moments.js';
export type { Handler, Middleware, OkRequest } from './transport/pipeline.js';
export { MAX_GET_URL_LENGTH } from './transport/api-call.js';
export type { AnyCase, HttpMethod, JsonInput, JsonValue, OkId, Selected, SessionRule } from './types.js';
export * from '../generated/index.js';
