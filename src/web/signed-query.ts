// The check shared by launch parameters and payment callbacks: `sig` is md5 of every other parameter as sorted
// `key=value` pairs, plus the application secret key.
import { constantTimeEqual } from '../constant-time.js';
import { md5Hex } from '../md5.js';
import { checkRequiredText } from '../sessions/options.js';
import { signatureBase } from '../signature.js';

/**
 * Throws OkConfigError unless the application secret key is a non-empty string: with an empty one, anybody could
 * compute a valid `sig`, so this is a setup mistake to stop on, not a bad request.
 */
export function checkAppSecretKey(owner: string, appSecretKey: unknown): string {
  return checkRequiredText(owner, 'appSecretKey', appSecretKey, "the application's secret key");
}

/** What is wrong with the query's `sig` ('missing sig', 'bad sig', ...), or undefined when it is right. */
export function sigProblem(params: Readonly<Record<string, string>>, appSecretKey: string): string | undefined {
  const sig = params.sig;
  if (!sig) return 'missing sig';
  // signatureBase leaves `access_token` out (API calls send it unsigned). OK sends none to apps, and one here would
  // not be covered by `sig`, so a request carrying one is refused rather than half-verified.
  if (params.access_token !== undefined) return 'unexpected access_token';
  return constantTimeEqual(sig, md5Hex(signatureBase(params) + appSecretKey)) ? undefined : 'bad sig';
}
