// The spec's words about each method (summary, deprecation), which the METHODS table leaves out to stay small.
import { METHOD_SUMMARIES } from '../../generated/summaries.js';

export interface MethodText {
  summary: string;
  /** Why and what instead, when the method is deprecated. */
  deprecated?: string;
}

export function methodText(name: string): MethodText | undefined {
  return Object.hasOwn(METHOD_SUMMARIES, name) ? METHOD_SUMMARIES[name] : undefined;
}
