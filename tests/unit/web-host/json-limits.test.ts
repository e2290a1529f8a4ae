import { describe, expect, it } from 'vitest';
import { jsonShapeProblem } from '../../../src-main/web-host/json-limits';

describe('request body shape limits (issue 11)', () => {
  it('passes ordinary requests, with colons, braces and escaped quotes inside strings', () => {
    expect(jsonShapeProblem('{"token":"a:b{[","note":"say \\"x:{\\" ok","list":[1,2,{"k":3}]}')).toBeUndefined();
    expect(jsonShapeProblem(JSON.stringify({ fileTokens: Array.from({ length: 100_000 }, (_, i) => `t${i}`) }))).toBeUndefined();
  });
  it('refuses too many keys and too deep nesting', () => {
    expect(jsonShapeProblem(JSON.stringify(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 0]))))).toMatch(/more than 10000 keys/);
    expect(jsonShapeProblem(`${'['.repeat(33)}${']'.repeat(33)}`)).toMatch(/nested deeper than 32/);
    expect(jsonShapeProblem(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)).toMatch(/nested deeper/);
  });
});
