/**
 * docs/configuration.md from the config classes themselves: each variable's meaning is its doc comment, its
 * default what the class holds when nothing is set, and whether it is required what the class declares. The
 * unit test beside this file fails when the committed page, the manifests or the compose file fall behind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { BaseServiceConfig } from '@selvbook/platform';
import { BookingConfig } from '../../apps/booking-service/src/booking.config';
import { DeadlineConfig } from '../../apps/deadline-service/src/deadline.config';
import { NotificationConfig } from '../../apps/notification-service/src/notification.config';
import { ScheduleConfig } from '../../apps/schedule-service/src/schedule.config';
import { WebConfig } from '../../apps/web/src/web.config';

const ROOT = join(__dirname, '..', '..');

export type Requirement = 'required' | 'optional' | 'conditional';

export interface Variable {
  name: string;
  meaning: string;
  default?: string;
  requirement: Requirement;
  /** conditional: required unless one of these is set */
  requiredUnless?: string[];
  /** conditional: required when one of these is set */
  requiredWhen?: string[];
}

export interface ConfigSection {
  /** 'common' or the app's name */
  owner: string;
  /** an app that does not read the common variables (the web front: no database, no Kafka) */
  standalone?: boolean;
  file: string;
  variables: Variable[];
}

const SECTIONS: { owner: string; file: string; type: new () => object; standalone?: boolean }[] = [
  { owner: 'common', file: 'libs/platform/src/config/base-service.config.ts', type: BaseServiceConfig },
  { owner: 'schedule-service', file: 'apps/schedule-service/src/schedule.config.ts', type: ScheduleConfig },
  { owner: 'deadline-service', file: 'apps/deadline-service/src/deadline.config.ts', type: DeadlineConfig },
  { owner: 'booking-service', file: 'apps/booking-service/src/booking.config.ts', type: BookingConfig },
  {
    owner: 'notification-service',
    file: 'apps/notification-service/src/notification.config.ts',
    type: NotificationConfig,
  },
  { owner: 'web', file: 'apps/web/src/web.config.ts', type: WebConfig, standalone: true },
];

/** Every variable of every config class: the common ones, then each service's own (and its overrides). */
export function configSections(): ConfigSection[] {
  const sections = SECTIONS.map(({ owner, file, type, standalone }) => {
    const defaults = new type() as Record<string, unknown>;
    return {
      owner,
      file,
      ...(standalone ? { standalone } : {}),
      variables: declaredVariables(file).map((v) => ({ ...v, default: describeDefault(defaults[v.name]) })),
    };
  });
  // an override without a comment of its own means what the common variable means
  const common = new Map(sections[0].variables.map((v) => [v.name, v.meaning]));
  for (const v of sections
    .slice(1)
    .filter((s) => !s.standalone)
    .flatMap((s) => s.variables))
    v.meaning ||= common.get(v.name) ?? '';
  return sections;
}

/** The variables a service's process reads: the common ones with its own overrides applied. */
export function variablesOf(app: string): Variable[] {
  const sections = configSections();
  const own = sections.find((s) => s.owner === app);
  if (!own) throw new Error(`no config class for ${app}`);
  if (own.standalone) return own.variables;
  const byName = new Map(sections[0].variables.map((v) => [v.name, v]));
  for (const v of own.variables) byName.set(v.name, v);
  return [...byName.values()];
}

function declaredVariables(file: string): Omit<Variable, 'default'>[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const variables: Omit<Variable, 'default'>[] = [];
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node)) return;
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const decorators = (ts.getDecorators(member) ?? []).map((d) => d.expression.getText(source));
      const condition = decorators.find((d) => d.startsWith('ValidateIf'));
      const requirement: Requirement = condition
        ? 'conditional'
        : member.initializer || member.questionToken || decorators.some((d) => d.startsWith('IsOptional'))
          ? 'optional'
          : 'required';
      const terms = condition ? [...condition.matchAll(/(!*)\w+\.([A-Z][A-Z0-9_]+)/g)] : [];
      const unless = terms.filter((m) => m[1] === '!').map((m) => m[2]);
      const when = terms.filter((m) => m[1] === '!!' || m[1] === '').map((m) => m[2]);
      variables.push({
        name: member.name.text,
        meaning: docComment(member, source),
        requirement,
        ...(unless.length ? { requiredUnless: unless } : {}),
        ...(when.length ? { requiredWhen: when } : {}),
      });
    }
  });
  return variables;
}

function docComment(node: ts.Node, source: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(source.getFullText(), node.getFullStart()) ?? [];
  const doc = ranges
    .map((r) => source.getFullText().slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .pop();
  if (!doc) return '';
  return doc
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}

function describeDefault(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The page, as committed in docs/configuration.md. */
export function renderConfigurationDoc(): string {
  const out = [
    '# Configuration',
    '',
    '<!-- Generated by `npm run config-docs` from the config classes; tools/config/configuration-doc.spec.ts checks it. -->',
    '',
    'Every service reads its settings from environment variables, validated at boot: a missing or malformed one',
    'stops the process (exit code 78) with every problem named. A service reads the common variables and its own;',
    'its own table lists the common ones it overrides. **Required** variables have no default; **conditional** ones',
    'are required unless, or when, another is set (see the last column). `k8s/base` and `docker/docker-compose.yml`',
    'give every required variable (checked by the same test).',
    '',
  ];
  for (const section of configSections()) {
    out.push(
      `## ${section.owner === 'common' ? 'Common to every service' : section.owner}`,
      '',
      `Source: \`${section.file}\``,
      '',
    );
    if (section.standalone)
      out.push(
        'This app reads only the variables below, none of the common ones: it has no database and no Kafka connection.',
        '',
      );
    out.push('| Variable | Default | Required | Meaning |', '|---|---|---|---|');
    const condition = (v: Variable) =>
      v.requiredUnless
        ? ` unless ${v.requiredUnless.join(', ')}`
        : v.requiredWhen
          ? ` with ${v.requiredWhen.join(', ')}`
          : '';
    for (const v of section.variables) {
      const fallback = v.default === undefined ? '—' : `\`${cell(v.default.replace(/\n/g, '\\n'))}\``;
      out.push(`| \`${v.name}\` | ${fallback} | ${v.requirement}${condition(v)} | ${cell(v.meaning)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
