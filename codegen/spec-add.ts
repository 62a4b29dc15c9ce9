// `npm run spec:add -- users.getSubscriptions`: adds a method entry to spec/methods/<group>.yaml (creating the file
// for a new group), in alphabetical order, with every field present and TODO placeholders where a fact is still to be
// read from the method's apiok.ru page. The rest of the file is left byte for byte as it was. Refuses (exit 1) a name
// that is not `group.method`, and a method the spec already has.
import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, loadSpec, SpecError } from './load-spec.js';
import { canonicalDocsUrl } from './spec-model.js';
import { parseMethodName } from './spec-tools/method-name.js';
import { insertMethod, newGroupFile, ScaffoldError } from './spec-tools/scaffold.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const methodsDir = join(root, 'spec', 'methods');

function fail(message: string): never {
  console.error(`spec:add: ${message}`);
  process.exit(1);
}

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.length !== 1 || args[0]!.startsWith('-'))
  fail('usage: npm run spec:add -- <group.method>   (for example users.getSubscriptions)');
const name = parseMethodName(args[0]!);
if (!name) {
  fail(
    `'${args[0]}' is not a method name: expected group.method as OK spells it, like users.getInfo or vk.notifications.sendMessage ` +
      '(the method is the part after the last dot; each part starts with a lower-case letter, then letters and digits).',
  );
}
const { group, method } = name;
const rel = `spec/methods/${group}.yaml`;
const path = join(root, rel);

let before: string | undefined;
let after: string;
let line: number;
if (existsSync(path)) {
  before = readFileSync(path, 'utf8');
  try {
    ({ text: after, line } = insertMethod(before, group, method));
  } catch (err) {
    if (err instanceof ScaffoldError) fail(`${rel}: ${err.message}`);
    throw err;
  }
} else {
  // A group file whose name differs only in case would be a second spelling of one group.
  const other = readdirSync(methodsDir).find((f) => f.toLowerCase() === `${group}.yaml`.toLowerCase());
  if (other) fail(`group '${group}' differs only in case from spec/methods/${other}; use that group's spelling`);
  after = newGroupFile(group, method);
  line = after.split('\n').indexOf(`  ${method}:`) + 1;
}
writeFileSync(path, after);

// The entry must load; if it does not, that is this tool's fault, so the file goes back as it was. Problems elsewhere
// in the spec (someone else's edit in progress) are shown but do not undo the addition.
try {
  loadSpec(root);
} catch (err) {
  if (!(err instanceof SpecError)) throw err;
  const ours = err.problems.filter(
    (p) =>
      p.file === rel &&
      (p.path === `methods.${method}` || p.path.startsWith(`methods.${method}.`) || before === undefined),
  );
  if (ours.length) {
    if (before === undefined) rmSync(path);
    else writeFileSync(path, before);
    fail(`the new entry did not load, so ${rel} was left as it was:\n${ours.map(formatProblem).join('\n')}`);
  }
  console.warn(
    `Note: the spec has other problems, not from this entry:\n${err.problems.map(formatProblem).join('\n')}\n`,
  );
}

console.log(`Added ${group}.${method} to ${rel}:${line}${before === undefined ? ' (a new group file)' : ''}.

Next:
  1. Fill it in from ${canonicalDocsUrl(group, `${group}.${method}`)}:
     - summary: one line in English, ending with a period;
     - session and permissions: the page's «Авторизация» section («Сессия обязательна» = required,
       «Сессия не обязательна» / «опциональна» = optional, «Необходимые права» = permissions); then remove
       permissionsUnknown and set source: apiok;
     - idempotent: true when repeating the call changes nothing (reads);
     - params: each as { type, required, source: apiok, description }, with inferred: true where the page gives no type;
     - result: a type from spec/models/ when the page's «Ответ» is known, else leave unknown.
  2. npm run spec:lint      (warns while TODOs remain)
  3. npm run generate, then npm test, and commit spec/ and generated/ together.`);
