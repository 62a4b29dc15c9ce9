// The types of generated/shapes.ts: the spec's enums, models and result types as data, for the mock server.

export interface EnumShape {
  readonly values: readonly string[];
  /** OK accepts each value in lower or upper case. */
  readonly anyCase?: boolean;
}

export interface ModelPropertyShape {
  /** A spec type: `string`, `User`, `Photo[]`, ... (src/spec-type.ts). */
  readonly type: string;
  readonly required?: boolean;
  /** The property always has this value (a union's discriminator). */
  readonly const?: string;
  /** OK returns the property only to a user who granted these. */
  readonly permissions?: readonly string[];
}

export interface ModelShape {
  readonly properties?: Readonly<Record<string, ModelPropertyShape>>;
  readonly oneOf?: readonly string[];
  readonly discriminator?: string;
}

export interface ResultShape {
  readonly type: string;
  /** The parameter whose field list chooses the result's properties. */
  readonly selectedBy?: string;
}
