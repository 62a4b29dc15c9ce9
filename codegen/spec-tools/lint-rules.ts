// The checks spec:lint runs on a spec that loadSpec accepted: what the schema and loadSpec's cross-file rules cannot
// say, about wording, consistency and unfinished entries. Errors are facts that contradict each other or text the
// generated docs would show wrong; warnings are entries still to be completed (TODOs, unknown session rules) and
// matters of taste. Each rule says why it exists where it is defined.
import type { MethodSpec, ParamSpec, Spec } from '../spec-model.js';
import type { SpecProblem } from '../load-spec.js';
import { parseType } from '../type-language.js';
import { compareNames } from './method-name.js';
import type { SpecLines } from './yaml-lines.js';

export type Severity = 'error' | 'warning';

export interface LintProblem extends SpecProblem {
  severity: Severity;
  /** A short id, printed with the message, to find the rule here. */
  rule: string;
}

const TODO = /\bTODO\b/;

export function lintSpec(spec: Spec, lines: SpecLines): LintProblem[] {
  const problems: LintProblem[] = [];
  const methods = spec.groups.flatMap((g) => g.methods);
  const byName = new Map(methods.map((m) => [m.name, m]));
  const groupNames = new Set(spec.groups.map((g) => g.name));

  const report = (severity: Severity, rule: string, m: MethodSpec, rest: (string | number)[], message: string) => {
    const segments = ['methods', m.method, ...rest];
    problems.push({
      severity,
      rule,
      file: m.file,
      path: segments.join('.'),
      line: lines.lineOf(m.file, segments),
      message,
    });
  };

  // summary-unique: two methods with one summary are nearly always a copy that was never finished, and the generated
  // docs could not tell them apart. Compared without case and spacing; placeholders are left to the todo rule.
  const summaryOwners = new Map<string, MethodSpec[]>();
  for (const m of methods) {
    if (TODO.test(m.summary)) continue;
    const key = m.summary.toLowerCase().replace(/\s+/g, ' ').trim();
    summaryOwners.set(key, [...(summaryOwners.get(key) ?? []), m]);
  }

  for (const m of methods) {
    const summary = m.summary;
    // summary-one-line: the schema requires a summary without line breaks; a carriage return or padding would still
    // break the one-line JSDoc and the README's method table, which print it as is.
    if (/[\r\t]/.test(summary) || summary !== summary.trim()) {
      report(
        'error',
        'summary-one-line',
        m,
        ['summary'],
        'summary must be one line of text, without tabs, carriage returns or surrounding spaces',
      );
    }
    // summary-period: the summary is printed as a sentence (JSDoc, README); a missing period is usually a cut-off text.
    if (!summary.trim().endsWith('.'))
      report('error', 'summary-period', m, ['summary'], `summary must end with a period (got "${summary}")`);
    // summary-capital: sentences start with a capital letter; a lower-case start is often a pasted fragment.
    if (!TODO.test(summary) && !/^[A-Z0-9"'`(]/.test(summary))
      report('warning', 'summary-capital', m, ['summary'], 'summary should start with a capital letter');
    const owners = summaryOwners.get(summary.toLowerCase().replace(/\s+/g, ' ').trim());
    if (owners && owners.length > 1) {
      const others = owners.filter((o) => o !== m).map((o) => o.name);
      report(
        'error',
        'summary-unique',
        m,
        ['summary'],
        `summary is the same as that of ${others.join(', ')}; say what sets this method apart`,
      );
    }
    // todo: spec:add writes TODO placeholders; they are valid YAML, so only this rule notices one left behind.
    if (TODO.test(summary))
      report(
        'warning',
        'todo',
        m,
        ['summary'],
        'summary is still a TODO placeholder: write one line from the apiok.ru page',
      );
    if (m.description !== undefined && TODO.test(m.description))
      report('warning', 'todo', m, ['description'], 'description still has a TODO');
    // description-repeats-summary: the docs print both, so a repeated text only takes room.
    if (m.description !== undefined && m.description.trim() === summary.trim()) {
      report(
        'warning',
        'description-repeats-summary',
        m,
        ['description'],
        'description repeats the summary; drop it or say more',
      );
    }

    // session-unknown-permissions: with the session rule unknown, `permissions: []` and no permissionsUnknown claims
    // that a source said the method needs no permission, while no source said anything about its authorization; that
    // is nearly always permissionsUnknown removed too early. (A source may name permissions and not the session rule:
    // apiok.ru's upload examples do; listed permissions are fine.)
    if (m.session === 'unknown' && !m.permissionsUnknown && m.permissions.length === 0) {
      report(
        'error',
        'session-unknown-permissions',
        m,
        ['permissions'],
        'session is unknown and no permissions are listed: if no source gives the permissions either, set permissionsUnknown: true',
      );
    }
    // auth-unknown: valid, but the SDK's compile-time session and permission checks cannot help the callers of such
    // a method; the apiok.ru page states both (section «Авторизация»). One warning when both are unknown.
    if (m.session === 'unknown' || m.permissionsUnknown) {
      const what =
        m.session === 'unknown' && m.permissionsUnknown
          ? 'session rule and permissions'
          : m.session === 'unknown'
            ? 'session rule'
            : 'permissions';
      report(
        'warning',
        'auth-unknown',
        m,
        [m.session === 'unknown' ? 'session' : 'permissionsUnknown'],
        `${what} unknown: take ${what === 'session rule' ? 'it' : 'them'} from the apiok.ru page (section «Авторизация»)`,
      );
    }

    // deprecated-note: a deprecation note is shown in the IDE to everyone who calls the method. It must be a sentence,
    // and a method it sends people to must exist and not be deprecated itself.
    if (m.deprecated !== undefined) {
      const note = m.deprecated.trim();
      if (!/[.!?]$/.test(note))
        report(
          'error',
          'deprecated-note',
          m,
          ['deprecated'],
          'the deprecation note must be a sentence ending with a period',
        );
      for (const target of methodNamesIn(note, groupNames)) {
        const t = byName.get(target);
        if (!t)
          report(
            'error',
            'deprecated-note',
            m,
            ['deprecated'],
            `the note points to ${target}, which is not in the spec`,
          );
        else if (t.deprecated !== undefined)
          report(
            'error',
            'deprecated-note',
            m,
            ['deprecated'],
            `the note points to ${target}, which is deprecated too`,
          );
      }
    }

    // get-not-idempotent: a method that only reads is safe to retry; idempotent: false turns the SDK's retries off.
    // Left as a warning: some get* methods do change state (a guest visit, a counter).
    if (/^get[A-Z]/.test(m.method) && !m.idempotent)
      report(
        'warning',
        'get-not-idempotent',
        m,
        ['idempotent'],
        `${m.name} reads by its name, yet is idempotent: false; set true if repeating it is harmless`,
      );

    // result-source-unknown: a source for a result whose type is unknown states nothing, unless it is the source of
    // `emptyOnSuccess` (what the method answers when it succeeds).
    if (parseType(m.result.type).base === 'unknown' && m.result.source !== undefined && !m.result.emptyOnSuccess) {
      report(
        'warning',
        'result-source-unknown',
        m,
        ['result', 'source'],
        'result.source is given but the result type is unknown: give the type, or drop the source',
      );
    }

    // result-needs-source: a result type other than unknown, or emptyOnSuccess, is a fact about what OK answers, and
    // every fact names where it comes from.
    if (m.result.source === undefined && (parseType(m.result.type).base !== 'unknown' || m.result.emptyOnSuccess)) {
      report(
        'error',
        'result-needs-source',
        m,
        ['result'],
        `result ${m.result.emptyOnSuccess ? 'emptyOnSuccess' : m.result.type} needs a source (apiok, docrepo, github, ...; okru with inferred when chosen here)`,
      );
    }

    for (const p of m.params) lintParam(m, p, report, spec);
  }

  // method-order: files keep methods in alphabetical order, so that diffs stay small and spec:add knows where a new
  // method goes. The generator sorts anyway, so this is only a warning.
  for (const g of spec.groups) {
    const keys = lines.keysOf(g.file, ['methods']);
    const i = keys.findIndex((k, j) => j > 0 && compareNames(keys[j - 1]!, k) > 0);
    if (i > 0) {
      const m = g.methods.find((x) => x.method === keys[i])!;
      report(
        'warning',
        'method-order',
        m,
        [],
        `${keys[i]} comes after ${keys[i - 1]}: keep the methods of ${g.file} in alphabetical order`,
      );
    }
  }

  return problems.sort(
    (a, b) => compareNames(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareNames(a.rule, b.rule),
  );
}

type Report = (severity: Severity, rule: string, m: MethodSpec, rest: (string | number)[], message: string) => void;

function lintParam(m: MethodSpec, p: ParamSpec, report: Report, spec: Spec): void {
  const at = (...rest: string[]) => ['params', p.name, ...rest];
  // param-description: the generated JSDoc shows it on hover; a parameter without one leaves the caller guessing.
  if (p.description === undefined || !p.description.trim()) {
    report('error', 'param-description', m, at(), `parameter ${p.name} has no description`);
  } else {
    if (TODO.test(p.description))
      report('warning', 'todo', m, at('description'), `the description of ${p.name} still has a TODO`);
    // param-description-period: descriptions are printed as sentences, like summaries.
    if (!/[.!?)]$/.test(p.description.trim()))
      report(
        'warning',
        'param-description-period',
        m,
        at('description'),
        `the description of ${p.name} should end with a period`,
      );
  }
  // inferred-type-source: `inferred: true` says that no source gives the type, while a typeSource or a sourceType
  // (the type as OK's documentation writes it) says that one does. A warning, not an error: the schema also allows
  // `inferred` for a required flag that was guessed while the type was not; then the description should say so.
  if (p.inferred && p.typeSource !== undefined) {
    report(
      'warning',
      'inferred-type-source',
      m,
      at('typeSource'),
      `${p.name} is inferred (no source gives its type), yet names typeSource ${p.typeSource}: drop one, unless only the required flag was inferred`,
    );
  }
  if (p.inferred && p.sourceType !== undefined) {
    report(
      'warning',
      'inferred-type-source',
      m,
      at('sourceType'),
      `${p.name} is inferred (no source gives its type), yet names OK's type ${p.sourceType}: drop one, unless only the required flag was inferred`,
    );
  }
  // deprecated-param-required: a caller cannot stop passing a required parameter, so it cannot be deprecated.
  if (p.deprecated !== undefined && p.required)
    report('error', 'deprecated-param-required', m, at('required'), `${p.name} is deprecated and required at once`);

  // permissions-by-value: loadSpec checks the keys of a scalar enum or boolean; for a list the keys are the values of
  // its items, and for a type without a fixed set of values (string, integer) no key can be checked at all.
  if (p.permissionsByValue) {
    const { base, list } = parseType(p.type);
    const values = base === 'boolean' ? ['true', 'false'] : spec.enums.find((e) => e.name === base)?.values;
    if (!values) {
      report(
        'warning',
        'permissions-by-value',
        m,
        at('permissionsByValue'),
        `${p.type} has no fixed set of values, so the keys of permissionsByValue cannot be checked`,
      );
    } else if (list) {
      for (const key of Object.keys(p.permissionsByValue)) {
        if (!values.includes(key))
          report(
            'error',
            'permissions-by-value',
            m,
            at('permissionsByValue', key),
            `'${key}' is not a value of ${base} (${values.join(', ')})`,
          );
      }
    }
  }
}

/** Method names (`group.method`, of a group the spec has) that a text mentions. */
function methodNamesIn(text: string, groups: Set<string>): string[] {
  const names = text.match(/\b[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)+/g) ?? [];
  return names.filter((n) => groups.has(n.slice(0, n.lastIndexOf('.'))));
}
