// Checks one API call as OK does, in order: the method exists (3), the application key (101), the token (103), the
// signature for the circuit used (104), the token's expiry (102), the method's session rule (451, 453), the user's
// permissions (10), the parameters (100). Returns who is calling, or OK's error.
import { constantTimeEqual } from '../constant-time.js';
import type { MethodInfo } from '../method-info.js';
import { missingPermissions, requiredPermissions, sessionRefusal } from '../permissions.js';
import type { MockApp } from './config.js';
import { okError, type OkErrorBody } from './errors.js';
import { checkParams } from './params.js';
import { expectedSig, md5 } from './signature.js';
import { methodRow } from './spec-data.js';
import type { MockState, TokenGrant } from './state.js';

export interface CallContext {
  method: string;
  spec: MethodInfo;
  app: MockApp;
  params: Record<string, string>;
  /** The user's grant, or undefined for a call without a user session. */
  grant?: TokenGrant;
  uid?: string;
}

// Signatures are compared in constant time, as a server must (the same helper the SDK's verifiers use).
export function checkCall(
  state: MockState,
  params: Record<string, string>,
  methodFromPath?: string,
): CallContext | OkErrorBody {
  const method = methodFromPath ?? params.method;
  const spec = method ? methodRow(method) : undefined;
  if (!method || !spec) return okError(3, `Method ${method ?? '(none)'} does not exist`);
  // The public key only: OK answers a numeric app id here with 101, as any unknown key.
  const app = state.appByKey(params.application_key);
  if (!app) return okError(101, 'Application key is missing or unknown');
  // OK wants some methods (sdk.init) unsigned and without a session: they are checked for their parameters only.
  if (spec.unsigned) return checkParams(method, spec, params) ?? { method, spec, app, params };
  if (!params.sig) return okError(104, 'The signature (sig) is missing');

  const token = params.access_token ?? params.session_key;
  let grant: TokenGrant | undefined;
  if (token) {
    grant = state.grant(token, app);
    if (!grant) return okError(103, 'Invalid session key or access token');
    // Either circuit may sign a user's call: the session secret key (client-server) or
    // md5(access_token + application_secret_key) (server-server).
    const signed = [grant.sessionSecretKey, md5(token + app.appSecretKey)].filter((s): s is string => !!s);
    if (!signed.some((secret) => constantTimeEqual(params.sig!, expectedSig(params, secret))))
      return okError(104, 'Invalid signature for the circuit used');
    if (Date.now() >= grant.expiresAt) return okError(102, 'Session expired');
  } else if (!constantTimeEqual(params.sig, expectedSig(params, app.appSecretKey))) {
    return okError(104, 'Invalid signature: a call without a user session is signed with the application secret key');
  }

  // The decision the SDK makes before sending, made here as OK makes it after receiving (src/permissions.ts).
  const refusal = sessionRefusal(spec, grant !== undefined);
  if (refusal === 'prohibited') return okError(451, `Method ${method} must be called without a session`);
  if (refusal === 'required') return okError(453, `Method ${method} requires a session`);

  if (grant) {
    // Fields that need a permission are left out of the answer instead (results.ts), as OK does.
    const missing = missingPermissions(requiredPermissions(spec, params, { fields: false }), grant.permissions);
    if (missing.length)
      return okError(10, `User has not granted the permission ${missing.join(', ')}`, missing.join(','));
  }

  const paramProblem = checkParams(method, spec, params);
  if (paramProblem) return paramProblem;
  return { method, spec, app, params, grant, uid: grant?.uid };
}
