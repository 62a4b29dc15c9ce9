// application/x-www-form-urlencoded text of the parameters, used as the query of a GET and the body of a POST.
// encodeURIComponent writes a space as %20, which both forms accept; values are well-formed UTF-16 by now
// (serialize.ts), so it cannot throw. Most keys and many values (method names, signatures, tokens) need no escaping:
// testing for that first is cheaper than encoding them (bench/overhead.ts).

const SAFE = /^[\w.~-]*$/;

const encode = (text: string) => (SAFE.test(text) ? text : encodeURIComponent(text));

export function formEncode(params: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in params) {
    if (out) out += '&';
    out += `${encode(key)}=${encode(params[key]!)}`;
  }
  return out;
}
