/**
 * What a recalculation with this engine changes, against the engine of an earlier commit, on the rules
 * benchmark's synthetic population (default 300,000 citizens, the same seed as `rules.bench.ts`).
 *
 *   node tools/run.js tools/bench/rules-diff.ts <base-commit> [citizens] [asOf]
 *
 * The base engine is `libs/rules/src` of <base-commit>, extracted with `git archive` into a temporary folder and
 * loaded beside the current one (both resolve `@selvbook/calendar` to this checkout). Each citizen's schedule is
 * compared in the shape the schedule service stores and publishes (regime, group, the numbered course
 * conversations, first-activation deadline): the same comparison as its hash. With [asOf] every citizen is
 * evaluated on that day (as the nightly recalculation does); without it, on each citizen's own "now".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as current from '@selvbook/rules';
import { syntheticPopulation } from './rules.bench';

type Engine = Pick<typeof current, 'tryCalculateContactCourse'>;
type Course = current.ContactCourse;

/** The stored/published part of a course (as libs/schedule toPublication, without the ids). */
function published(c: Course) {
  return {
    regime: c.regime,
    contactGroup: c.contactGroup,
    conversations: c.conversations
      .filter((x) => x.series === 'COURSE')
      .map((x) => ({
        number: x.number,
        type: x.type,
        heldBy: x.heldBy,
        guidingDate: x.guidingDate,
        windowFrom: x.window.from,
        windowTo: x.window.to,
        status: x.status,
        needsBookingDeadline: x.needsBookingDeadline,
        ...((x as { summonsReason?: string | null }).summonsReason
          ? { summonsReason: (x as { summonsReason?: string }).summonsReason }
          : {}),
      })),
    firstActivationDeadline: c.firstActivation?.deadline ?? null,
  };
}

type Published = ReturnType<typeof published>;

/** Which parts differ, as short labels (a schedule can have several). */
function kinds(a: Published, b: Published): string[] {
  const out: string[] = [];
  if (a.regime !== b.regime) out.push('regime');
  if (a.firstActivationDeadline !== b.firstActivationDeadline) out.push('firstActivationDeadline');
  const ca = a.conversations;
  const cb = b.conversations;
  if (ca.length !== cb.length) out.push('conversation count');
  const n = Math.min(ca.length, cb.length);
  const field = (f: (x: Published['conversations'][number]) => unknown, label: string) => {
    for (let i = 0; i < n; i++) if (f(ca[i]) !== f(cb[i])) return void out.push(label);
  };
  field((x) => x.type, 'type or holder');
  field((x) => x.guidingDate, 'guiding date');
  field((x) => `${x.windowFrom}/${x.windowTo}`, 'window');
  field((x) => x.status, 'status');
  field((x) => x.needsBookingDeadline, 'needsBookingDeadline');
  if (cb.some((x) => x.summonsReason) !== ca.some((x) => x.summonsReason)) out.push('summons instead of a deadline');
  const credits = (cs: Published['conversations']) =>
    cs
      .filter((x) => x.status === 'HELD')
      .map((x) => `${x.guidingDate}/${x.windowFrom}/${x.windowTo}`)
      .sort()
      .join();
  if (credits(ca) !== credits(cb)) out.push('a held conversation credited to another slot, or no longer credited');
  if (ca.filter((x) => x.status === 'OVERDUE').length !== cb.filter((x) => x.status === 'OVERDUE').length)
    out.push('number of overdue conversations');
  return out;
}

function loadBase(commit: string): { engine: Engine; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rules-base-'));
  const root = join(__dirname, '..', '..');
  const archive = execFileSync('git', ['-C', root, 'archive', commit, 'libs/rules/src'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(join(dir, 'libs', 'rules', 'src', 'index.ts')) as Engine;
  return { engine, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function diffPopulation(base: Engine, citizens: number, asOf?: string) {
  const population = syntheticPopulation(citizens, undefined, asOf);
  const counts = { citizens, unchanged: 0, changed: 0, nowRefused: 0, refusedBefore: 0, bothRefused: 0 };
  const byKind: Record<string, number> = {};
  const refusedBy: Record<string, number> = {};
  const byWhere: Record<string, number> = {};
  let jobconversationsBefore = 0;
  let deadlineNeedsBefore = 0;
  let deadlineNeedsGone = 0;
  let deadlineNeedsMoved = 0;
  let deadlineNeedsNew = 0;
  let summonsNow = 0;
  for (const c of population) {
    const now = asOf ?? c.now;
    const a = base.tryCalculateContactCourse(c.profile, now);
    const b = current.tryCalculateContactCourse(c.profile, now);
    if (!a.ok || !b.ok) {
      if (!a.ok && !b.ok) counts.bothRefused++;
      else if (!b.ok) {
        counts.nowRefused++;
        refusedBy[b.error.reason] = (refusedBy[b.error.reason] ?? 0) + 1;
      } else counts.refusedBefore++;
      continue;
    }
    const pa = published(a.course);
    const pb = published(b.course);
    jobconversationsBefore += pa.conversations.length;
    summonsNow += pb.conversations.filter((x) => x.summonsReason).length;
    // A deadline the deadline service holds for a DUE conversation is keyed by number and type and kept while
    // guiding date and window stay the same (planSchedule's sameNeed): count the ones a recalculation would touch.
    const need = (p: Published) =>
      new Map(
        p.conversations
          .filter((x) => x.status === 'DUE' && x.needsBookingDeadline)
          .map((x) => [`${x.number}:${x.type}`, `${x.guidingDate}/${x.windowFrom}/${x.windowTo}`]),
      );
    const na = need(pa);
    const nb = need(pb);
    for (const [key, value] of na) {
      deadlineNeedsBefore++;
      const after = nb.get(key);
      if (after === undefined) deadlineNeedsGone++;
      else if (after !== value) deadlineNeedsMoved++;
    }
    for (const key of nb.keys()) if (!na.has(key)) deadlineNeedsNew++;
    if (JSON.stringify(pa) === JSON.stringify(pb)) {
      counts.unchanged++;
      continue;
    }
    counts.changed++;
    for (const k of kinds(pa, pb)) byKind[k] = (byKind[k] ?? 0) + 1;
    const where = `${pb.contactGroup} ${b.course.period.anchor.slice(0, 4)}`;
    byWhere[where] = (byWhere[where] ?? 0) + 1;
  }
  const top = Object.fromEntries(
    Object.entries(byWhere)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 15),
  );
  return {
    ...counts,
    changedBy: byKind,
    changedMostIn: top,
    nowRefusedBy: refusedBy,
    conversationsBefore: jobconversationsBefore,
    conversationsWithSummonsNow: summonsNow,
    // DUE conversations needing a self-booking deadline: before; no longer (held elsewhere, summons, gone); same key
    // with another guiding date or window (an open deadline would be closed and a new one opened); new keys.
    deadlineNeeds: {
      before: deadlineNeedsBefore,
      noLongerNeeded: deadlineNeedsGone,
      movedDateOrWindow: deadlineNeedsMoved,
      newlyNeeded: deadlineNeedsNew,
    },
  };
}

if (require.main === module) {
  const [commit, n, asOf] = process.argv.slice(2);
  if (!commit) {
    console.error('usage: node tools/run.js tools/bench/rules-diff.ts <base-commit> [citizens] [asOf]');
    process.exit(2);
  }
  const { engine, cleanup } = loadBase(commit);
  try {
    const started = Date.now();
    const result = diffPopulation(engine, n ? Number(n) : 300_000, asOf);
    console.log(
      JSON.stringify(
        { base: commit, asOf: asOf ?? "each citizen's own now", ...result, seconds: (Date.now() - started) / 1000 },
        null,
        2,
      ),
    );
  } finally {
    cleanup();
  }
}
