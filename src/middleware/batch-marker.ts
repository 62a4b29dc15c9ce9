// Marks middleware that splits a long list of ids into several requests (coalesce()), so that the client lets such a
// call past the list's limit instead of refusing it. Apart from coalesce.ts, so the client carries only the mark.

export const SPLITS_BATCHES: unique symbol = Symbol('okru.splitsBatches');

export function splitsBatches(middleware: object): boolean {
  return (middleware as { [SPLITS_BATCHES]?: boolean })[SPLITS_BATCHES] === true;
}
