import fc from 'fast-check';
import { EventDefinition } from '../define-event';
import { EVENT_DEFINITIONS } from '../registry';
import { fastAccept } from './fast-accept';
import { classValidatorProblem } from './validate-data';

type Plain = Record<string, unknown>;

/** Every path to a value in a JSON-like object (`conversations.0.guidingDate`). */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const own = Object.keys(value).flatMap((key) => pathsOf((value as Plain)[key], [...prefix, key]));
  return prefix.length ? [prefix, ...own] : own;
}

function mutate(root: Plain, path: string[], replacement: unknown, remove: boolean): Plain {
  const copy = structuredClone(root);
  let node = copy as Plain;
  for (const key of path.slice(0, -1)) node = node[key] as Plain;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = replacement;
  return copy;
}

/** Values that break most rules somewhere: wrong types, empty, CPR-shaped, off-by-format. */
const NASTY: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  0,
  -1,
  1.5,
  1e9,
  true,
  'x',
  {},
  [],
  [{}],
  ['x'],
  [1],
  '0101801234',
  '010180-1234',
  '2024-02-30',
  '2024-13-01',
  '2024-05-28T09:00:00',
  '2024-05-28T09:00:00Z',
  '6f1c2b9e-4d3a-4e8b-9a7c-1b2d3e4f5a60',
  '10101',
  '3f',
  'a'.repeat(5000),
  new Set(['a']),
];

const definitions = EVENT_DEFINITIONS.filter(
  (d): d is EventDefinition & { example: object } => d.example !== undefined,
);

/** The whole claim: whenever the fast check accepts, class-validator accepts too. */
function expectSound(def: EventDefinition, data: Plain, strict: boolean): void {
  if (fastAccept(def.dataClass, data, strict))
    expect(classValidatorProblem(def.dataClass, data, strict)).toBeUndefined();
}

describe.each(definitions.map((d) => [`${d.type}@${d.version}`, d] as const))('fastAccept: %s', (_key, def) => {
  const example = () => structuredClone(def.example) as Plain;

  it('accepts the example, strictly and tolerantly (the fast path is really taken)', () => {
    expect(fastAccept(def.dataClass, example(), true)).toBe(true);
    expect(fastAccept(def.dataClass, example(), false)).toBe(true);
  });

  it('never accepts what class-validator refuses: every field removed or replaced by a nasty value', () => {
    let refused = 0;
    for (const path of pathsOf(example())) {
      for (const strict of [true, false]) {
        expectSound(def, mutate(example(), path, undefined, true), strict);
        for (const value of NASTY) {
          const data = mutate(example(), path, value, false);
          expectSound(def, data, strict);
          if (!fastAccept(def.dataClass, data, strict)) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses an unknown field only when strict, as class-validator does', () => {
    const data = { ...example(), smuggled: '0101801234' };
    expect(fastAccept(def.dataClass, data, true)).toBe(false);
    expect(fastAccept(def.dataClass, data, false)).toBe(
      classValidatorProblem(def.dataClass, data, false) === undefined,
    );
  });

  it('agrees with class-validator on random mutations of two fields', () => {
    const paths = pathsOf(example());
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.constantFrom(...NASTY), fc.jsonValue())), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.boolean(),
        (changes, strict) => {
          let data = example();
          for (const [path, value] of changes) {
            try {
              data = mutate(data, path, value, false);
            } catch {
              return; // an earlier change removed the parent of this path
            }
          }
          expectSound(def, data, strict);
        },
      ),
      { numRuns: 150 },
    );
  });
});
