// Checks of the options every client, session and call takes, with messages that name the option.
import { OkConfigError } from './errors.js';

export function checkTimeout(owner: string, timeout: unknown): number | false {
  if (timeout === false || (typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) return timeout;
  throw new OkConfigError(`${owner}: timeout must be a positive number of milliseconds or false`);
}

export function checkMaxResponseBytes(owner: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new OkConfigError(`${owner}: maxResponseBytes must be a positive integer (bytes)`);
}

/** A call's last argument: `{ signal, timeout }`. */
export function checkCallOptions(method: string, options: unknown): void {
  if (options === null || typeof options !== 'object')
    throw new OkConfigError(`${method}: call options must be an object such as { signal, timeout }`);
  const { signal, timeout } = options as { signal?: unknown; timeout?: unknown };
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new OkConfigError(`${method}: the signal option must be an AbortSignal`);
  if (timeout !== undefined) checkTimeout(method, timeout);
}
