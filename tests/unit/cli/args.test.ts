import { describe, expect, it } from 'vitest';
import { listFlag, parseArgs, stringFlag, UsageError } from '../../../src-main/cli/args';

const spec = { json: { type: 'boolean' }, pack: { type: 'string' }, root: { type: 'string', multiple: true } } as const;

describe('CLI flag parser', () => {
  it('parses flags, values and positionals', () => {
    const p = parseArgs(['a.xml', '--json', '--pack', 'p1', '--root=/x', '--root', '/y', 'b.xml'], spec);
    expect(p.positionals).toEqual(['a.xml', 'b.xml']);
    expect(p.flags.json).toBe(true);
    expect(stringFlag(p, 'pack')).toBe('p1');
    expect(listFlag(p, 'root')).toEqual(['/x', '/y']);
    expect(listFlag(p, 'missing')).toEqual([]);
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgs(['--', '--json', '-x'], spec).positionals).toEqual(['--json', '-x']);
  });

  it.each([[['--nope']], [['--pack']], [['--pack', '--json']], [['--json=1']], [['--__proto__', 'x']]])('refuses %j', (argv) => {
    expect(() => parseArgs(argv, spec)).toThrow(UsageError);
  });
});
