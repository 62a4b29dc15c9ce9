// `okru call <group.method> [key=value ...]`: one signed call, the result as JSON on stdout.
import { booleanOption, stringOption } from '../args.js';
import type { Command } from '../command.js';
import { CREDENTIAL_OPTIONS, CREDENTIALS_HELP, openClient } from '../credentials.js';
import { err, printJson } from '../output.js';
import { buildParams, checkMethodName, methodInfo } from '../params.js';

export const callCommand: Command = {
  name: 'call',
  summary: 'call an API method and print the result as JSON',
  usage: 'call <group.method> [key=value ...] [options]',
  description: [
    'Calls one method, signed, and prints the result as JSON on stdout. Values are typed by the',
    "method's parameters in the spec: true/false for booleans, numbers, JSON, and comma-separated",
    'lists (uids=1,2 fields=first_name,pic_1). A method or parameter the spec does not know is sent',
    'as a string. OK errors print `error <code> <name>: <message>` on stderr and exit 1.',
    '',
    ...CREDENTIALS_HELP,
  ].join('\n'),
  options: {
    'json-params': { type: 'string', value: 'JSON', help: 'parameters as a JSON object (key=value words win over it)' },
    raw: { type: 'boolean', help: 'print compact JSON' },
    ...CREDENTIAL_OPTIONS,
  },
  examples: [
    'okru call users.getInfo uids=575662066926 fields=first_name,pic_1',
    'okru call friends.get --raw',
    `okru call mediatopic.post --json-params '{"attachment":{"media":[{"type":"text","text":"Hi"}]}}'`,
  ],

  async run({ values, positionals }) {
    const [name, ...words] = positionals;
    const method = checkMethodName(name);
    const params = buildParams(method, words, stringOption(values, 'json-params'));
    if (!methodInfo(method)) err(`okru: note: ${method} is not in okru's spec; it is sent unchecked`);
    const ok = openClient(values);
    try {
      const result = await ok.call(method, params);
      printJson(result, booleanOption(values, 'raw'));
    } finally {
      await ok.session.close();
    }
    return 0;
  },
};
