// The spec as data (generated/spec.json): enum values and model shapes the mock checks parameters against and builds
// results from.
import specJson from '../../generated/spec.json' with { type: 'json' };

export interface SpecParam {
  type: string;
  required: boolean;
  max?: number;
}

export interface SpecMethod {
  summary: string;
  session: 'required' | 'optional' | 'prohibited' | 'unknown';
  /** Sent without a signature and without session parameters. */
  unsigned?: true;
  permissions: string[];
  idempotent: boolean;
  deprecated?: string;
  params: Record<string, SpecParam>;
  result: { type: string; selectedBy?: string };
}

export interface SpecModel {
  /** `permissions`: OK returns the property only to a user who granted them. */
  properties?: Record<string, { type: string; required: boolean; const?: string; permissions?: string[] }>;
  oneOf?: string[];
  discriminator?: string;
}

export interface SpecData {
  permissions: string[];
  errors: { code: number; name: string; meaning: string }[];
  enums: Record<string, { values: string[]; anyCase: boolean }>;
  models: Record<string, SpecModel>;
  methods: Record<string, SpecMethod>;
}

export const SPEC = specJson as unknown as SpecData;

/** `User[]` → { base: 'User', list: true }. */
export function typeParts(type: string): { base: string; list: boolean } {
  return type.endsWith('[]') ? { base: type.slice(0, -2), list: true } : { base: type, list: false };
}
