/**
 * Issue 23, items 1 and 3: what the change does to the open deadlines of a running system on the day it is deployed.
 *
 * A generated population (the deadline benchmark's mix: half dagpenge, a quarter job-ready and a quarter activity-ready
 * kontanthjælp; plus, for item 1's groups, as many uddannelsesparate) with courses anchored uniformly over the year
 * before the deploy day. Each citizen's schedule is calculated by the real rules engine every morning of the 30 days
 * before the deploy day and planned with the deadline lifecycle as it was before this change (a deadline whose
 * conversation turned OVERDUE closed as SCHEDULE_CHANGED), expiring what passed; nobody books (the upper bound).
 * Then, on the deploy day:
 * - item 1: the open deadlines whose deadlineDate lies after their window's end — before, each would be closed
 *   SCHEDULE_CHANGED the morning after its window; now each stays open until booked or expired with its consequence;
 * - item 3: the open deadlines judged for "no free slots" at their expiry — those given after slot tracking began
 *   (+ NO_FREE_SLOTS_TRACKING_LEAD_DAYS); every deadline open at deploy was given before, so none.
 *
 *   node tools/run.js tools/bench/deadline-deploy-impact.ts [citizens=20000] [deployDay=2026-12-07]
 */
import { addDays, compareLocalDates } from '@selvbook/calendar';
import { ConversationStatus, ConversationType } from '@selvbook/contracts';
import { ActiveDeadline, ConversationNeed, DEFAULT_DEADLINE_POLICY, planSchedule } from '@selvbook/deadline';
import { calculateContactCourse } from '@selvbook/rules';

type Group =
  'UNEMPLOYMENT_BENEFIT' | 'SOCIAL_ASSISTANCE_JOB_READY' | 'SOCIAL_ASSISTANCE_ACTIVITY_READY' | 'EDUCATION_READY';
const MIX: Group[] = [
  'UNEMPLOYMENT_BENEFIT',
  'UNEMPLOYMENT_BENEFIT',
  'SOCIAL_ASSISTANCE_JOB_READY',
  'SOCIAL_ASSISTANCE_ACTIVITY_READY',
  'EDUCATION_READY',
];
const DAYS_BEFORE = 30;

function main(): void {
  const citizens = Number(process.argv[2] ?? 20_000);
  const deployDay = process.argv[3] ?? '2026-12-07';
  const started = Date.now();
  const open = { total: 0, pastWindow: 0 };
  const byGroup: Record<string, { open: number; pastWindow: number }> = {};
  let closedBeforeDeploy = 0;
  for (let i = 0; i < citizens; i++) {
    const group = MIX[i % MIX.length];
    const anchor = addDays(deployDay, -1 - ((i * 7919) % 365)); // spread over the year before, deterministically
    const profile = {
      citizenId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      birthDate: group === 'EDUCATION_READY' ? '2002-03-03' : '1984-03-03',
      jobcenterCode: '10101',
      ...(group === 'UNEMPLOYMENT_BENEFIT' ? { akasseId: 'akasse-1' } : {}),
      contactGroupHistory: [{ group, from: anchor }],
      anchors:
        group === 'UNEMPLOYMENT_BENEFIT' ? { firstUnemploymentBenefitDay: anchor } : { firstRequestForHelp: anchor },
    };
    let active: ActiveDeadline[] = [];
    let deregistered = false;
    let n = 0;
    for (
      let day = addDays(deployDay, -DAYS_BEFORE);
      compareLocalDates(day, deployDay) <= 0 && !deregistered;
      day = addDays(day, 1)
    ) {
      if (compareLocalDates(day, anchor) < 0) continue;
      // the expiry run at midnight: whatever passed its deadline date expired (no bookings)
      const expired = active.filter((d) => compareLocalDates(d.deadlineDate, day) < 0);
      if (expired.length > 0 && group === 'UNEMPLOYMENT_BENEFIT') deregistered = true; // deregistered: no more deadlines
      active = active.filter((d) => !expired.includes(d));
      if (deregistered) break;
      const course = calculateContactCourse(profile as never, day);
      const conversations: ConversationNeed[] = course.conversations
        .filter((c) => c.series === 'COURSE')
        .map((c) => ({
          number: c.number,
          type: c.type as number as ConversationType,
          heldBy: c.heldBy as never,
          guidingDate: c.guidingDate,
          windowFrom: c.window.from,
          windowTo: c.window.to,
          status: c.status as ConversationStatus,
          needsBookingDeadline: c.needsBookingDeadline,
        }));
      // before this change: an open deadline whose conversation turned OVERDUE was closed as SCHEDULE_CHANGED
      if (compareLocalDates(day, deployDay) < 0) {
        const overdue = new Set(
          conversations.filter((c) => c.status === ConversationStatus.OVERDUE).map((c) => `${c.number}:${c.type}`),
        );
        const before = active.length;
        active = active.filter((d) => !overdue.has(`${d.conversationNumber}:${d.conversationType}`));
        closedBeforeDeploy += before - active.length;
      }
      const plan = planSchedule(
        {
          today: day,
          contactGroup: group as never,
          jobcenterCode: '10101',
          conversations,
          active,
          exemptions: [],
          outages: [],
        },
        DEFAULT_DEADLINE_POLICY,
      );
      const closing = new Set(plan.close.map((c) => c.deadlineId));
      active = active.filter((d) => !closing.has(d.id));
      for (const o of plan.open) {
        const c = o.conversation;
        active.push({
          id: `${i}-${n++}`,
          conversationNumber: c.number,
          conversationType: c.type,
          guidingDate: c.guidingDate,
          windowFrom: c.windowFrom,
          windowTo: c.windowTo,
          status: 'open',
          deadlineDate: o.deadlineDate,
          latestMeetingDate: o.latestMeetingDate,
        });
      }
    }
    if (deregistered) continue;
    const g = (byGroup[group] ??= { open: 0, pastWindow: 0 });
    for (const d of active) {
      open.total++;
      g.open++;
      if (compareLocalDates(d.deadlineDate, d.windowTo) > 0) {
        open.pastWindow++;
        g.pastWindow++;
      }
    }
  }
  const result = {
    citizens,
    deployDay,
    openDeadlinesAtDeploy: open.total,
    item1_changeState: open.pastWindow,
    item1_share: Number((open.pastWindow / Math.max(1, open.total)).toFixed(4)),
    item1_closedAsScheduleChangedInTheSimulated30Days: closedBeforeDeploy,
    item3_changeState: 0,
    byGroup,
    seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main();
