/**
 * Every named rule value as markdown rows (path, value, tag, reason), for docs/domain/parameters.md. The
 * document is generated from the code (`node tools/run.js tools/domain-parameters.ts`) and a unit test keeps
 * the two equal, so the reference can never list a value the engine does not use.
 */
import {
  EXEMPTION_PARAMETERS,
  GUIDING_DATE_PARAMETERS,
  PROFILE_PARAMETERS,
  Param,
  SELF_BOOKING_DEADLINE_PARAMETERS,
  UNEMPLOYMENT_CLOCK_PARAMETERS,
} from '../parameters';
import { R2015_PARAMETERS } from '../regimes/r2015/r2015.parameters';
import { R2020_PARAMETERS } from '../regimes/r2020/r2020.parameters';
import { R2024_PARAMETERS } from '../regimes/r2024/r2024.parameters';

export const PARAMETER_SETS: readonly (readonly [string, object])[] = [
  ['UNEMPLOYMENT_CLOCK_PARAMETERS', UNEMPLOYMENT_CLOCK_PARAMETERS],
  ['EXEMPTION_PARAMETERS', EXEMPTION_PARAMETERS],
  ['GUIDING_DATE_PARAMETERS', GUIDING_DATE_PARAMETERS],
  ['PROFILE_PARAMETERS', PROFILE_PARAMETERS],
  ['SELF_BOOKING_DEADLINE_PARAMETERS', SELF_BOOKING_DEADLINE_PARAMETERS],
  ['R2015_PARAMETERS', R2015_PARAMETERS],
  ['R2020_PARAMETERS', R2020_PARAMETERS],
  ['R2024_PARAMETERS', R2024_PARAMETERS],
];

export interface ParameterRow {
  readonly path: string;
  readonly value: string;
  readonly source: string;
  readonly reason: string;
  readonly inferred: boolean;
}

function isParam(x: unknown): x is Param<unknown> {
  return typeof x === 'object' && x !== null && 'value' in x && 'source' in x && 'reason' in x;
}

function show(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'amount' in value && 'unit' in value) {
    const d = value as { amount: number; unit: string };
    return `${d.amount} ${d.unit}`;
  }
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`;
  }
  return value === Infinity ? '∞' : JSON.stringify(value);
}

/** Rows for every parameter; an object already listed under another path is referred to, not repeated. */
export function parameterRows(): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const seen = new Map<object, string>();
  const walk = (node: object, path: string) => {
    const earlier = seen.get(node);
    if (earlier !== undefined) {
      rows.push({ path, value: `same as ${earlier}`, source: '', reason: '', inferred: false });
      return;
    }
    seen.set(node, path);
    if (isParam(node)) {
      const source = node.source;
      rows.push({
        path,
        value: show(node.value),
        source,
        reason: node.reason,
        inferred: /(^|[;,\s/])I\b/.test(source),
      });
      return;
    }
    for (const [key, child] of Object.entries(node))
      if (typeof child === 'object' && child !== null) walk(child, `${path}.${key}`);
  };
  for (const [name, set] of PARAMETER_SETS) walk(set, name);
  return rows;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function parameterTableMarkdown(): string {
  const lines = ['| Parameter | Value | Tag | Reason |', '|---|---|---|---|'];
  for (const r of parameterRows()) {
    lines.push(
      `| ${r.inferred ? '**[I]** ' : ''}\`${r.path}\` | ${cell(r.value)} | ${cell(r.source)} | ${cell(r.reason)} |`,
    );
  }
  return lines.join('\n');
}
