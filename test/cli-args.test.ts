// Option values the CLI reads itself (src/cli/args.ts), beyond what the process tests in cli.test.ts show.
import { describe, expect, it } from 'vitest';
import { timeoutOption } from '../src/cli/args.js';
import { UsageError } from '../src/cli/errors.js';

describe('timeoutOption', () => {
  it('milliseconds as a number, none (any case) as false for no limit, absent as undefined', () => {
    expect(timeoutOption({ timeout: '1500' }, 'timeout')).toBe(1500);
    expect(timeoutOption({ timeout: '2147483647' }, 'timeout')).toBe(2_147_483_647);
    expect(timeoutOption({ timeout: 'none' }, 'timeout')).toBe(false);
    expect(timeoutOption({ timeout: ' NONE ' }, 'timeout')).toBe(false);
    expect(timeoutOption({}, 'timeout')).toBeUndefined();
  });

  it('0, negatives, fractions, units and values past setTimeout’s limit are usage errors naming the option', () => {
    for (const value of ['0', '-1', '1.5', '10s', '1e3', '', '2147483648']) {
      const read = () => timeoutOption({ 'upload-timeout': value }, 'upload-timeout');
      expect(read).toThrow(UsageError);
      expect(read).toThrow(
        `--upload-timeout must be a whole number of milliseconds from 1 to 2147483647, or none; got '${value}'`,
      );
    }
  });
});
