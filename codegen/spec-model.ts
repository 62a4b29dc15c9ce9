// The spec as the generator sees it, after loading and validation (codegen/load-spec.ts).

export type SessionRule = 'required' | 'optional' | 'prohibited' | 'unknown';
export type Source = 'seed' | 'apiok' | 'docrepo' | 'php-sdk' | 'android-sdk' | 'github' | 'apiok-wiki' | 'okru';

export interface ParamSpec {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** List length limits. */
  max?: number;
  min?: number;
  /** String length limits, in characters. */
  minLength?: number;
  maxLength?: number;
  /** Number range. */
  minimum?: number;
  maximum?: number;
  /** What an older source said where apiok.ru says otherwise. */
  seed?: { required?: boolean; type?: string };
  encoding?: 'csv' | 'json';
  source: Source;
  typeSource?: Source;
  /** Where the limits come from, when not from the parameter's own source (`okru`: chosen here, not found). */
  limitSource?: Source;
  sourceType?: string;
  inferred: boolean;
  deprecated?: string;
  /** Permissions needed when the parameter is given. */
  permissions?: string[];
  /** Permissions needed when the parameter has a given value. */
  permissionsByValue?: Record<string, string[]>;
}

export interface MethodSpec {
  /** Full name, as OK spells it: `users.getInfo`. */
  name: string;
  group: string;
  /** The part after the group: `getInfo`. */
  method: string;
  summary: string;
  description?: string;
  session: SessionRule;
  permissions: string[];
  permissionsUnknown: boolean;
  source: Source;
  idempotent: boolean;
  docs: string;
  deprecated?: string;
  /** apiok.ru page copies the facts were read from, the one relied on first. */
  pages?: string[];
  /** The seed table's values where apiok.ru says otherwise (the effective ones follow apiok.ru). */
  seed?: { session?: SessionRule; permissions?: string[] };
  /** Sent without a signature and without session parameters. */
  unsigned?: true;
  paging?: PagingSpec;
  batch?: BatchSpec;
  params: ParamSpec[];
  result: { type: string; description?: string; source?: Source; selectedBy?: string; emptyOnSuccess?: boolean };
  /** The spec file it came from, relative to the project root. */
  file: string;
}

export interface PagingSpec {
  style: 'anchor' | 'offset' | 'page';
  cursor?: string;
  direction?: string;
  count?: string;
  maxCount?: number;
  items: string;
  nextCursor?: string;
  hasMore?: string;
  total?: string;
  source: Source;
  inferred?: boolean;
}

/** A read of many ids at once, which coalesce() may merge and split (`users.getInfo` by `uids`, at most 100). */
export interface BatchSpec {
  param: string;
  /** The result property holding the items; absent when the result is the list itself. */
  items?: string;
  /** The item property holding the id it answers for. */
  key: string;
  source: Source;
  inferred?: boolean;
}

export interface GroupSpec {
  name: string;
  summary?: string;
  file: string;
  methods: MethodSpec[];
}

export interface EnumSpec {
  name: string;
  summary: string;
  values: string[];
  anyCase: boolean;
  source: Source;
}

export interface ModelPropertySpec {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  /** The property always has this value (a union's discriminator). */
  const?: string;
  /** Permissions the user must have granted for OK to return the property. */
  permissions?: string[];
  source?: Source;
  deprecated?: string;
}

export interface ModelSpec {
  name: string;
  summary: string;
  source: Source;
  /** Empty for a union. */
  properties: ModelPropertySpec[];
  /** A union: one of these models. */
  oneOf?: string[];
  discriminator?: string;
}

export interface PermissionSpec {
  name: string;
  summary: string;
  source: Source;
}

export interface ErrorSpec {
  code: number;
  name: string;
  meaning: string;
  retry?: 'backoff' | 'refresh' | 'later';
}

export interface Spec {
  groups: GroupSpec[];
  permissions: PermissionSpec[];
  enums: EnumSpec[];
  models: ModelSpec[];
  errors: ErrorSpec[];
}

/** The URL of a method's page on apiok.ru. */
export function canonicalDocsUrl(group: string, fullName: string): string {
  return `https://apiok.ru/dev/methods/rest/${group}/${fullName}`;
}
