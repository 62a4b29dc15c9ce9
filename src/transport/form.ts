// application/x-www-form-urlencoded text of the parameters, used as the query of a GET and the body of a POST.
// encodeURIComponent writes a space as %20, which both forms accept; values are well-formed UTF-16 by now
// (serialize.ts), so it cannot throw.

export function formEncode(params: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in params) {
    if (out) out += '&';
    out += `${encodeURIComponent(key)}=${encodeURIComponent(params[key]!)}`;
  }
  return out;
}
