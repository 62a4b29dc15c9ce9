// Checks of session options, with messages that name the option and never show a value.
import { OkConfigError } from '../errors.js';

export function checkAppId(owner: string, appId: unknown): number | string {
  if (typeof appId === 'number' && Number.isSafeInteger(appId) && appId > 0) return appId;
  if (typeof appId === 'string' && /^\d+$/.test(appId)) return appId;
  throw new OkConfigError(`${owner}: appId is required: the application id, a positive integer`);
}

export function checkRequiredText(owner: string, name: string, value: unknown, what: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new OkConfigError(`${owner}: ${name} is required: ${what}, a non-empty string`);
}

/** An optional secret: absent or empty means not given (aiookru passes '' for "none"). */
export function checkOptionalText(owner: string, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  throw new OkConfigError(`${owner}: ${name} must be a string`);
}
