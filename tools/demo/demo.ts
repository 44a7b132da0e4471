/**
 * `npm run demo`: a simulated fortnight of Selvbook in about a minute, printed in plain words.
 *
 * Starts its own system (PostgreSQL, the Kafka-protocol broker and the four services on free ports, so it
 * runs beside `npm start`), seeds the demo world (tools/demo/seed.ts), then plays fourteen days: each morning
 * every service's clock is moved to 08:00 Copenhagen time (`POST /v1/admin/clock`, CLOCK_CONTROL=true), the
 * nightly recalculation and the expiry run are triggered, and citizens and caseworkers act through the REST
 * API. What the jobcenters and a-kasser receive is read from their recipient topics with a kafkajs consumer;
 * what the citizens are sent lands in a local mailbox (tools/demo/mailbox.ts), kept after the demo ends.
 * Stops everything it started and exits.
 */
import { addDays, localDateOf, startOfLocalDay } from '@selvbook/calendar';
import {
  akasseTopic,
  ContactGroup,
  EVENT_DEFINITIONS,
  EventEnvelope,
  jobcenterTopic,
  RecipientTopicTemplates,
  Topics,
} from '@selvbook/contracts';
import {
  eventually,
  freePort,
  LocalInfrastructure,
  mintDevToken,
  SERVICES,
  ServiceName,
  ServiceProcess,
} from '@selvbook/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMailbox } from './mailbox';
import { AKASSER, DEMO_TOPICS, DemoCitizen, JOBCENTERS, seed } from './seed';

const DAYS = 14;
const say = (line = '') => console.log(line);

/** Every kind of event an a-kasse receives about its members' availability (rådighed); the summary counts each. */
const AKASSE_EVENT_KINDS = EVENT_DEFINITIONS.filter((d) => d.topic === RecipientTopicTemplates.akasse).map(
  (d) => d.type,
);

/** What each citizen does in the fortnight: book on a day (and maybe rebook or cancel later), or never. */
interface Plan {
  bookOn?: number;
  then?: 'rebook' | 'cancel';
  attendance?: 'NO_SHOW' | 'HELD';
}
function planFor(n: number, c: DemoCitizen): Plan {
  if (n % 5 === 4) return {}; // one in five never books
  const plan: Plan = { bookOn: n % 4 };
  // A cancellation or rebooking happens the day after booking, before the meeting (so it is still allowed).
  if (n % 7 === 1) plan.then = 'rebook';
  else if (n % 7 === 3) plan.then = 'cancel';
  else if (c.group === ContactGroup.UNEMPLOYMENT_BENEFIT && n % 6 === 0) plan.attendance = 'NO_SHOW';
  else if (n % 6 === 2) plan.attendance = 'HELD';
  return plan;
}

interface Booking {
  id: string;
  deadlineId: string;
  startsAt: string;
  endsAt: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  say('Selvbook demo: a simulated fortnight. Starting PostgreSQL, the Kafka-protocol broker and the four services…');
  const infra = await LocalInfrastructure.start({
    postgresPort: await freePort(),
    dataDir: join(tmpdir(), `selvbook-demo-${process.pid}`),
    topics: DEMO_TOPICS,
  });
  const services = new Map<ServiceName, ServiceProcess>();
  const lastLines: string[] = [];
  let consumer: Consumer | undefined;
  let mailbox: LocalMailbox | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await consumer?.disconnect().catch(() => undefined);
      await Promise.all([...services.values()].map((s) => s.stop()));
      await mailbox?.stop();
      await infra.stop();
    })());
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void stop().then(() => process.exit(130)));

  try {
    mailbox = await LocalMailbox.start({ dir: join(tmpdir(), 'selvbook-demo-mailbox'), smtpPort: 0, httpPort: 0 });
    for (const { app } of SERVICES) {
      const env = {
        PORT: String(await freePort()),
        CLOCK_CONTROL: 'true',
        EXPIRY_RUN_INTERVAL_MS: '3600000',
        LOG_LEVEL: 'error',
        ...(app === 'notification-service' ? mailbox.serviceEnv : {}),
      };
      const onLine = (line: string) => {
        lastLines.push(`[${app}] ${line}`);
        if (lastLines.length > 40) lastLines.shift();
      };
      services.set(app, infra.service(app, { env, onLine }).start());
    }
    await Promise.all([...services.values()].map((s) => s.waitReady(90000)));
    const url = (app: ServiceName) => `http://127.0.0.1:${services.get(app)!.port}`;

    // Everything the organisations receive, and the internal deadline/booking/notification streams.
    const seen: { topic: string; event: EventEnvelope }[] = [];
    const kafka = new Kafka({
      clientId: 'selvbook-demo',
      brokers: infra.bootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `selvbook-demo-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...DEMO_TOPICS, Topics.deadline, Topics.booking, Topics.notification],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) =>
        void seen.push({ topic, event: JSON.parse(message.value!.toString()) }),
    });

    say('\nSeeding the demo world:');
    const world = await seed({
      bookingUrl: url('booking-service'),
      deadlineUrl: url('deadline-service'),
      bootstrapServers: infra.bootstrapServers,
      log: say,
    });
    const byId = new Map(world.citizens.map((c) => [c.citizenId, c]));
    const nameOf = (citizenId: string) => byId.get(citizenId)?.name ?? citizenId.slice(0, 8);
    const plans = new Map(world.citizens.map((c, n) => [c.citizenId, planFor(n, c)]));
    // In each a-kasse, the dagpenge member whose deadline comes first (within the fortnight) forgets to book:
    // the deadline is missed, and the a-kasse hears of it and of the deregistration that follows.
    for (const akasse of AKASSER) {
      const forgetful = world.citizens
        .filter((c) => c.akasseId === akasse.id && !plans.get(c.citizenId)!.then && !plans.get(c.citizenId)!.attendance)
        .map((c) => ({ c, deadline: world.deadlines.get(c.citizenId) }))
        .filter(({ deadline }) => deadline && deadline.deadlineDate <= addDays(localDateOf(new Date()), DAYS - 2))
        .sort((a, b) => a.deadline!.deadlineDate.localeCompare(b.deadline!.deadlineDate))[0];
      if (forgetful) plans.set(forgetful.c.citizenId, {});
    }
    const bookings = new Map<string, Booking>();
    const system = await mintDevToken({ role: 'system', subject: 'demo' });
    const caseworkers = new Map<string, string>(
      await Promise.all(
        JOBCENTERS.map(
          async (j) =>
            [
              j.code,
              await mintDevToken({ role: 'caseworker', jobcenterCode: j.code, subject: `cw-${j.code}` }),
            ] as const,
        ),
      ),
    );
    const orgName = (topic: string) =>
      JOBCENTERS.find((j) => jobcenterTopic(j.code) === topic)?.name ??
      AKASSER.find((a) => akasseTopic(a.id) === topic)?.name ??
      topic;

    async function call<T>(
      app: ServiceName,
      method: string,
      path: string,
      token: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: T }> {
      const response = await fetch(`${url(app)}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
    }
    const count = (type: string, citizenId?: string) =>
      seen.filter(
        (s) =>
          s.topic !== Topics.notification &&
          s.event.type === type &&
          (!citizenId || s.event.subject === citizenId) &&
          !DEMO_TOPICS.includes(s.topic),
      ).length;
    const waitFor = (type: string, citizenId: string, atLeast: number) =>
      eventually(
        () => {
          if (count(type, citizenId) < atLeast) throw new Error(`waiting for ${type}`);
        },
        { timeoutMs: 30000 },
      );
    const when = (iso: string) =>
      new Date(iso).toLocaleString('en-GB', {
        timeZone: 'Europe/Copenhagen',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });

    /** The citizen's open deadline, searched slots, and a booking of one of them (sequential: no seat races). */
    async function book(c: DemoCitizen, n: number): Promise<Booking | undefined> {
      const token = await mintDevToken({ role: 'citizen', citizenId: c.citizenId });
      const view = await call<{ deadlines: { deadlineId: string; status: string }[] }>(
        'deadline-service',
        'GET',
        `/v1/citizens/${c.citizenId}/deadlines`,
        token,
      );
      const open = view.body.deadlines.find((d) => d.status === 'open');
      if (!open) return undefined;
      const slots = await call<{ items: { id: string; formats: string[] }[] }>(
        'booking-service',
        'GET',
        `/v1/slots?deadlineId=${open.deadlineId}&limit=20`,
        token,
      );
      if (!slots.body.items?.length) return undefined;
      // who will cancel or rebook takes a later slot, so the meeting is still ahead the day after
      const slot = plans.get(c.citizenId)?.then
        ? slots.body.items.at(-1)!
        : slots.body.items[n % slots.body.items.length];
      // the formats this meeting may take (a first conversation: in person only)
      const format = slot.formats.includes('PHONE') && n % 2 ? 'PHONE' : slot.formats[0];
      const booked = await call<Booking>(
        'booking-service',
        'POST',
        '/v1/bookings',
        token,
        { slotId: slot.id, deadlineId: open.deadlineId, format },
        { 'idempotency-key': randomUUID() },
      );
      return booked.status === 201 ? booked.body : undefined;
    }

    let printed = seen.length;
    /** Prints what reached the recipient topics since the last call, in plain words. */
    function report(): void {
      for (const { topic, event } of seen.slice(printed)) {
        if (!DEMO_TOPICS.includes(topic)) continue;
        const d = event.data as Record<string, string>;
        const who = nameOf(event.subject);
        const text: Record<string, string> = {
          'akasse.deadline-missed': `${who} missed the self-booking deadline of ${d.deadlineDate}: ${d.consequence}${d.deregisteredFrom ? ` from ${d.deregisteredFrom}` : ''} — assess availability`,
          'akasse.citizen-deregistered': `${who} is deregistered as a jobseeker from ${d.deregisteredFrom} (${d.reason}): no dagpenge until re-registration`,
          'akasse.no-show': `${who} did not show up for a jobcenter meeting on ${d.meetingStartsAt ? when(d.meetingStartsAt) : '?'} — assess availability`,
          'akasse.meeting-cancelled': `${who} ${String(d.rebooked) === 'true' ? 'rebooked' : 'cancelled (afbud)'} a jobcenter meeting on ${d.meetingStartsAt ? when(d.meetingStartsAt) : '?'}${String(d.rebooked) === 'true' ? '' : d.legitimateReason ? `, reason ${d.legitimateReason}` : ', no legitimate reason given'}`,
          'deadline.expired': `${who}'s deadline of ${d.deadlineDate} expired: ${d.consequence}`,
          'booking.no-show': `${who} did not show up`,
          'summons.requested': `please summon ${who} (cannot self-book)`,
        };
        if (text[event.type]) say(`    → ${orgName(topic)}: ${text[event.type]}`);
      }
      printed = seen.length;
    }

    const today = localDateOf(new Date());
    const stats = { booked: 0, rebooked: 0, cancelled: 0, noShows: 0, held: 0, expired: 0, opened: 0 };
    say(
      `\nPlaying ${DAYS} days from ${today}. Slots can be booked from an hour ahead; deadlines expire at local midnight.`,
    );
    for (let day = 0; day < DAYS; day++) {
      const date = addDays(today, day);
      if (day > 0) {
        // 08:00 in Copenhagen on the new day, in every service's world; then the nightly jobs.
        const morning = new Date(startOfLocalDay(date).getTime() + 8 * 3600_000).toISOString();
        for (const app of services.keys()) {
          const moved = await call(app, 'POST', '/v1/admin/clock', system, { setTo: morning });
          if (moved.status !== 200) throw new Error(`${app} clock: ${moved.status} ${JSON.stringify(moved.body)}`);
        }
      }
      const weekday = new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
      });
      say(`\nDay ${day + 1}, ${weekday}`);
      const openedBefore = count('deadline.opened');
      await call('schedule-service', 'POST', '/v1/admin/recalculations', system, {});
      let run: { expired: number; closed: number; deferred: number };
      do {
        run = (
          await call<{ expired: number; closed: number; deferred: number }>(
            'deadline-service',
            'POST',
            '/v1/admin/expiry-runs',
            system,
            {},
          )
        ).body;
        stats.expired += run.expired;
      } while (run.deferred > 0);
      if (run.expired) say(`  ${run.expired} deadline(s) expired at midnight`);
      await eventually(
        () => {
          if (count('deadline.expired') < stats.expired) throw new Error('waiting for expiries');
        },
        { timeoutMs: 30000 },
      );

      for (const [n, c] of world.citizens.entries()) {
        const plan = plans.get(c.citizenId)!;
        const booking = bookings.get(c.citizenId);
        if (plan.bookOn === day && !booking) {
          const made = await book(c, n);
          if (!made) {
            say(`  ${c.name} looks for a slot but finds none that fits`);
            continue;
          }
          bookings.set(c.citizenId, made);
          stats.booked++;
          say(`  ${c.name} (${c.group}) books a meeting on ${when(made.startsAt)}`);
          await waitFor('deadline.fulfilled', c.citizenId, 1);
        } else if (booking && plan.then && plan.bookOn! + 1 === day) {
          const token = await mintDevToken({ role: 'citizen', citizenId: c.citizenId });
          if (plan.then === 'cancel') {
            const cancelled = await call('booking-service', 'POST', `/v1/bookings/${booking.id}/cancel`, token, {
              legitimateReason: 'JOB_INTERVIEW',
            });
            if (cancelled.status !== 200) continue;
            stats.cancelled++;
            bookings.delete(c.citizenId);
            plan.then = undefined;
            say(`  ${c.name} cancels (afbud, job interview): the deadline opens again`);
            await waitFor('deadline.reopened', c.citizenId, 1);
          } else {
            const slots = await call<{ items: { id: string }[] }>(
              'booking-service',
              'GET',
              `/v1/slots?deadlineId=${booking.deadlineId}&limit=5`,
              token,
            );
            const other = slots.body.items?.at(-1);
            const rebooked =
              other &&
              (await call<Booking>('booking-service', 'POST', `/v1/bookings/${booking.id}/rebook`, token, {
                slotId: other.id,
              }));
            if (!rebooked || rebooked.status !== 201) continue;
            stats.rebooked++;
            bookings.set(c.citizenId, rebooked.body);
            plan.then = undefined;
            say(`  ${c.name} rebooks from ${when(booking.startsAt)} to ${when(rebooked.body.startsAt)}`);
            await waitFor('booking.rebooked', c.citizenId, 1);
          }
        } else if (
          booking &&
          plan.attendance &&
          new Date(booking.endsAt) < new Date(startOfLocalDay(date).getTime() + 8 * 3600_000)
        ) {
          const registered = await call(
            'booking-service',
            'POST',
            `/v1/bookings/${booking.id}/attendance`,
            caseworkers.get(c.jobcenterCode)!,
            { outcome: plan.attendance },
          );
          if (registered.status !== 200) continue;
          if (plan.attendance === 'NO_SHOW') {
            stats.noShows++;
            say(
              `  A caseworker at ${JOBCENTERS.find((j) => j.code === c.jobcenterCode)!.name} registers that ${c.name} did not show up on ${when(booking.startsAt)}`,
            );
            await waitFor('booking.no-show', c.citizenId, 1);
            if (c.akasseId)
              await eventually(
                () => {
                  if (
                    !seen.some(
                      (s) =>
                        s.topic === akasseTopic(c.akasseId!) &&
                        s.event.type === 'akasse.no-show' &&
                        s.event.subject === c.citizenId,
                    )
                  )
                    throw new Error('waiting');
                },
                { timeoutMs: 30000 },
              );
          } else {
            stats.held++;
            say(`  ${c.name}'s meeting was held`);
          }
          plan.attendance = undefined;
        }
      }
      const opened = count('deadline.opened') - openedBefore;
      stats.opened += opened;
      if (opened) say(`  ${opened} new deadline(s) opened after the nightly recalculation`);
      // The expiry events reach the recipient topics through the same outbox; give the relay a moment.
      await eventually(
        () => {
          const missed = seen.filter(
            (s) => s.event.type === 'deadline.expired' && JOBCENTERS.some((j) => jobcenterTopic(j.code) === s.topic),
          ).length;
          if (missed < stats.expired) throw new Error('waiting for recipient topics');
        },
        { timeoutMs: 30000 },
      );
      report();
    }

    // A last look at the recipient topics (once nothing more arrives), and the summary.
    let settled = -1;
    await eventually(
      () => {
        const now = seen.length;
        if (now !== settled) {
          settled = now;
          throw new Error('still arriving');
        }
      },
      { timeoutMs: 15000, intervalMs: 750 },
    ).catch(() => undefined);
    report();
    const perTopic = DEMO_TOPICS.map((topic) => {
      const events = seen.filter((s) => s.topic === topic);
      const types = [...new Set(events.map((e) => e.event.type))]
        .sort()
        .map((t) => `${t} ×${events.filter((e) => e.event.type === t).length}`);
      return { recipient: orgName(topic), topic, messages: events.length, types: types.join(', ') };
    });
    say(`\nSummary of ${DAYS} days (${((Date.now() - started) / 1000).toFixed(0)} s of real time):`);
    say(
      `  citizens ${world.citizens.length}, slots ${world.calendars.reduce((s, c) => s + c.slots, 0)}, deadlines opened ${count('deadline.opened')}`,
    );
    say(
      `  bookings ${stats.booked}, rebookings ${stats.rebooked}, cancellations ${stats.cancelled}, meetings held ${stats.held}, no-shows ${stats.noShows}`,
    );
    const closed = seen
      .filter((s) => s.topic === Topics.deadline && s.event.type === 'deadline.closed')
      .map((s) => (s.event.data as { reason: string }).reason);
    const reasons = [...new Set(closed)]
      .sort()
      .map((r) => `${r} ×${closed.filter((x) => x === r).length}`)
      .join(', ');
    say(`  deadlines expired ${stats.expired}, closed ${closed.length}${reasons ? ` (${reasons})` : ''}`);
    // Whatever is due by the last simulated day is sent before counting.
    await call('notification-service', 'POST', '/v1/admin/delivery-runs', system);
    say(`  events on ${Topics.notification}: ${seen.filter((s) => s.topic === Topics.notification).length}`);
    const withCalendar = mailbox.received.filter((r) => r.calendar).length;
    say(
      `  messages to citizens: e-mail ${mailbox.count('email')} (${withCalendar} with a calendar file), Digital Post ${mailbox.count('digital-post')}, SMS ${mailbox.count('sms')}`,
    );
    const akasseEvents = seen.filter((s) => AKASSER.some((a) => akasseTopic(a.id) === s.topic));
    say(
      `  a-kasse events (availability): ${AKASSE_EVENT_KINDS.map((k) => `${k} ×${akasseEvents.filter((s) => s.event.type === k).length}`).join(', ')}`,
    );
    console.table(perTopic);
    say(
      'Where to look next: `npm start` (seeded the same way), REST docs at /docs on each service, docs/asyncapi.yaml,',
    );
    say('the recipient topics, e.g. `kcat -C -b 127.0.0.1:9092 -t selvbook.akasse.3f.v1 -o beginning -e`,');
    say(
      `and what the citizens were sent: ${mailbox.dir} (email/*.eml, digital-post/*.json, sms/*.json; kept until the next demo).`,
    );
  } catch (error) {
    console.error(`\nThe demo failed: ${(error as Error).message}`);
    if (lastLines.length) console.error(`Last service output:\n${lastLines.join('\n')}`);
    process.exitCode = 1;
  } finally {
    say('\nStopping…');
    await stop();
    say('Stopped: no process or port left behind.');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
