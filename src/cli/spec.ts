// The spec's words about each method (summary, deprecation), which the METHODS table leaves out to stay small.
import specJson from '../../generated/spec.json' with { type: 'json' };

export interface MethodText {
  summary: string;
  /** Why and what instead, when the method is deprecated. */
  deprecated?: string;
}

const METHOD_TEXT = (specJson as unknown as { methods: Record<string, MethodText> }).methods;

export function methodText(name: string): MethodText | undefined {
  return Object.hasOwn(METHOD_TEXT, name) ? METHOD_TEXT[name] : undefined;
}
