/**
 * The rules reference lives in the repository (docs/domain): every source tag and `RULES §` reference the code
 * makes must resolve there, and the parameter table must be the code's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parameterRows, parameterTableMarkdown } from '../libs/rules/src/docs/parameter-table';

const ROOT = join(__dirname, '..');
const DOMAIN = join(ROOT, 'docs', 'domain');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(ts|md|yaml)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every file that may cite the rules: code, tools, docs (and the reference itself). */
const CITING = [...['libs', 'apps', 'tools', 'docs'].flatMap((d) => files(join(ROOT, d))), join(ROOT, 'README.md')];

/** Source numbers of each tag: `[F:S4,S10]`, `'F:S16 §31; S13'`, `F/I:S15`, ranges `S22–S25`. */
function sourcesCited(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\bF(?:\/I)?:\s*(S\d+[^\]'"`\n)]*)/g)) {
    for (const r of m[1].matchAll(/S(\d+)(?:\s*[–-]\s*S(\d+))?/g)) {
      const from = Number(r[1]);
      const to = r[2] ? Number(r[2]) : from;
      for (let n = from; n <= to; n++) out.push(n);
    }
  }
  return out;
}

const listed = new Set(
  [
    ...readFileSync(join(DOMAIN, 'sources.md'), 'utf8').matchAll(/^\| S(\d+) \| [^|]+\| [^|]+\| [^|]+\| [^|]+\|$/gm),
  ].map((m) => Number(m[1])),
);
const rules = readFileSync(join(DOMAIN, 'rules.md'), 'utf8');
const sections = new Set([...rules.matchAll(/^## §(\d+) /gm)].map((m) => Number(m[1])));
const edgeCases = new Set(
  [...rules.slice(rules.indexOf('## §8 '), rules.indexOf('## §9 ')).matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1])),
);

describe('docs/domain: the rules reference inside the repository', () => {
  it('the parser reads every tag form the code uses', () => {
    expect(
      sourcesCited("[F:S16 §31 stk. 5] [F:S4,S10] 'F:S2,S3; I' [F:S1; F/I:S15] [F:S22–S25] F:S16 §102, S46"),
    ).toEqual([16, 4, 10, 2, 3, 1, 15, 22, 23, 24, 25, 16, 46]);
    expect(listed.size).toBeGreaterThan(40);
  });

  it('every source tag [F:Sn] used in code and docs is in docs/domain/sources.md', () => {
    const missing: string[] = [];
    for (const file of CITING) {
      for (const n of sourcesCited(readFileSync(file, 'utf8')))
        if (!listed.has(n)) missing.push(`S${n} in ${relative(ROOT, file)}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every `RULES §n` (and `RULES §8.n` edge case) cited resolves to a section of docs/domain/rules.md', () => {
    const missing: string[] = [];
    let cited = 0;
    for (const file of CITING) {
      for (const m of readFileSync(file, 'utf8').matchAll(/RULES §(\d+)(?:\.(\d+))?/g)) {
        cited++;
        const section = Number(m[1]);
        if (!sections.has(section)) missing.push(`${m[0]} in ${relative(ROOT, file)}`);
        if (section === 8 && m[2] && !edgeCases.has(Number(m[2]))) missing.push(`${m[0]} in ${relative(ROOT, file)}`);
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('no code or doc points outside the repository for the rules any more', () => {
    const outside = CITING.filter(
      (file) =>
        /shared\/domain\/(RULES|GLOSSARY)\.md/.test(readFileSync(file, 'utf8')) &&
        !file.endsWith('domain-docs.spec.ts'),
    );
    expect(outside.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('docs/domain/parameters.md lists every parameter as the code has it, each [I] one with a reason', () => {
    expect(readFileSync(join(DOMAIN, 'parameters.md'), 'utf8')).toContain(parameterTableMarkdown());
    const inferred = parameterRows().filter((r) => r.inferred);
    expect(inferred.length).toBeGreaterThan(20);
    expect(inferred.filter((r) => r.reason.length < 10)).toEqual([]);
  });
});
