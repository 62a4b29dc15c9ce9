// The package entry: the public surface of okru.
export { API, type APIOptions } from './api.js';
export { Client, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, type ClientOptions, type UploadOptions } from './client.js';
export { defineMethod, type MethodFunction, type ParamsArgs } from './define-method.js';
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
export { decodeMethodInfo, type MethodInfo, type ParamInfo, type ParamKind, type ParamPermission } from './method-info.js';
export {
  requiredPermissions,
  missingPermissions,
  SESSION_KIND,
  DECLARED_PERMISSIONS,
  type CallGate,
  type ClientContext,
  type Context,
  type ContextOf,
  type Gate,
  type FieldGate,
  type OpenContext,
  type SessionKind,
  type SessionKindOf,
} from './permissions.js';
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
  TokenSessionClass,
  ServerSessionClass,
  type TokenSessionConstructor,
  type ServerSessionConstructor,
} from './sessions/token-session.js';
export type { SessionLike } from './sessions/session.js';
export {
  AuthorizingSession,
  EXPIRY_MARGIN_MS,
  type AuthorizingSessionOptions,
  type OAuthEndpointOptions,
  type OAuthTokens,
  type ObtainedTokens,
} from './oauth/authorizing-session.js';
export { CodeSession, CodeServerSession, type CodeSessionOptions } from './oauth/code-session.js';
export { RefreshSession, RefreshServerSession, type RefreshSessionOptions } from './oauth/refresh-session.js';
export {
  ImplicitSession,
  ImplicitClientSession,
  DEFAULT_REDIRECT_URI,
  type ImplicitSessionOptions,
  type ImplicitClientSessionOptions,
} from './oauth/implicit-session.js';
export { PasswordSession, PasswordClientSession, type PasswordSessionOptions, type PasswordClientSessionOptions } from './oauth/password-session.js';
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
export { authorizeWithPassword, type DialogLoginOptions } from './oauth/dialog-login.js';
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
export { uploadPhotos, type PhotoInput, type UploadPhotosOptions, type UploadedPhoto } from './upload/photos.js';
export { compose, type Handler, type Middleware, type OkRequest } from './transport/pipeline.js';
export { MAX_GET_URL_LENGTH } from './transport/api-call.js';
export type { CallOptions } from './transport/call-options.js';
export type { AnyCase, HttpMethod, JsonInput, JsonValue, OkId, Selected, SessionRule } from './types.js';
export * from '../generated/index.js';
