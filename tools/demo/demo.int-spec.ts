/**
 * `npm run demo` as a newcomer runs it: the whole fortnight in its own processes, judged by what it prints.
 * Its summary must show every kind of event an a-kasse acts on, each at least once.
 */
import { EVENT_DEFINITIONS, RecipientTopicTemplates } from '@selvbook/contracts';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const AKASSE_EVENT_KINDS = EVENT_DEFINITIONS.filter((d) => d.topic === RecipientTopicTemplates.akasse).map(
  (d) => d.type,
);

describe('npm run demo', () => {
  let output: string;

  beforeAll(async () => {
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'tools', 'run.js'), join(ROOT, 'tools', 'demo', 'demo.ts')],
      {
        cwd: ROOT,
        timeout: 170_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    output = stdout;
  }, 180_000);

  it('plays fourteen days and stops everything it started', () => {
    expect(output).toMatch(/Day 14, /);
    expect(output).toMatch(/Summary of 14 days/);
    expect(output).toMatch(/Stopped: no process or port left behind\./);
    expect(output).not.toMatch(/The demo failed/);
  });

  it('lists every a-kasse event kind in its summary, each with a count above zero', () => {
    expect(AKASSE_EVENT_KINDS.sort()).toEqual([
      'akasse.citizen-deregistered',
      'akasse.deadline-missed',
      'akasse.meeting-cancelled',
      'akasse.no-show',
    ]);
    const line = output.split('\n').find((l) => l.includes('a-kasse events (availability):'));
    expect(line).toBeDefined();
    const counts = AKASSE_EVENT_KINDS.map(
      (kind) => [kind, Number(new RegExp(`${kind.replace('.', '\\.')} ×(\\d+)`).exec(line!)?.[1] ?? 0)] as const,
    );
    expect(counts.filter(([, count]) => !(count > 0))).toEqual([]);
  });

  it('tells each a-kasse, day by day, what it must act on', () => {
    expect(output).toMatch(
      /→ (3F A-kasse|CA a-kasse): .+ missed the self-booking deadline of \d{4}-\d{2}-\d{2}: DEREGISTRATION from/,
    );
    expect(output).toMatch(/→ (3F A-kasse|CA a-kasse): .+ is deregistered as a jobseeker from \d{4}-\d{2}-\d{2}/);
    expect(output).toMatch(/→ (3F A-kasse|CA a-kasse): .+ did not show up for a jobcenter meeting/);
    expect(output).toMatch(/→ (3F A-kasse|CA a-kasse): .+ (cancelled \(afbud\)|rebooked) a jobcenter meeting/);
  });
});
