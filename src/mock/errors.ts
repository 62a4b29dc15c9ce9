// OK's error objects, as OK writes them: `{"error_code": N, "error_msg": "NAME : text", "error_data": ...}`.
import { okErrorName } from '../../generated/errors.js';

export interface OkErrorBody {
  error_code: number;
  error_msg: string;
  error_data?: unknown;
}

export function okError(code: number, text: string, data?: unknown): OkErrorBody {
  const name = okErrorName(code) ?? 'UNKNOWN';
  return { error_code: code, error_msg: `${name} : ${text}`, ...(data !== undefined ? { error_data: data } : {}) };
}

export function isOkErrorBody(value: unknown): value is OkErrorBody {
  return typeof value === 'object' && value !== null && 'error_code' in value;
}
