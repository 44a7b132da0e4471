import { addDays, localDateOf } from '@selvbook/calendar';
import { EventEnvelope, Topics } from '@selvbook/contracts';
import { eventually } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { call, deadlineOpened, Harness, JOBCENTER, startBookingService } from './booking-harness';

const DAY = 86_400_000;

/** SERVICE_ROLE=api: the booking service's read replicas (k8s/base: booking-reads) serve the API and nothing else. */
describe('a booking-service replica in the api role', () => {
  let h: Harness;
  let reads: Harness;
  let caseworker: string;

  beforeAll(async () => {
    h = await startBookingService();
    reads = { ...h, url: (await h.replica({ SERVICE_ROLE: 'api' })).url };
    caseworker = await h.token({ role: 'caseworker', jobcenterCode: JOBCENTER });
  });
  afterAll(() => h?.stop());

  it('is ready without the broker and runs neither the outbox relay nor the event consumer', async () => {
    const ready = await fetch(`${reads.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(await ready.json())).not.toMatch(/kafka/i);
    const metrics = await (await fetch(`${reads.url}/metrics`)).text();
    expect(metrics).not.toMatch(/^selvbook_outbox_relay_shards [1-9]/m);
    // nothing consumed: the deadline events of the next test reach the full replica's consumer only
    expect(metrics).not.toMatch(/^selvbook_consumer_events_total\{/m);
    expect(metrics).not.toMatch(/^selvbook_kafka_connected\{/m); // nothing for SelvbookKafkaDisconnected to fire on
  });

  it("serves the API; what it writes reaches Kafka through the full replica's relay", async () => {
    const citizenId = randomUUID();
    const today = localDateOf(h.clock.now());
    await h.publishDeadline(
      deadlineOpened(citizenId, { deadlineDate: addDays(today, 15), latestMeetingDate: addDays(today, 20) }),
    );
    await eventually(
      async () =>
        expect((await h.db.query('SELECT 1 FROM citizen WHERE citizen_id = $1', [citizenId])).rowCount).toBe(1),
      { timeoutMs: 30000 },
    );
    const calendar = await call(reads, 'POST', '/v1/calendars', caseworker, {
      name: 'Læsereplika',
      defaultLocation: 'Jobcenter, Vej 1',
    });
    expect(calendar.status).toBe(201);
    const startsAt = new Date(Math.ceil((h.clock.now().getTime() + 5 * DAY) / DAY) * DAY + 9 * 3_600_000);
    const slots = await call(reads, 'POST', `/v1/calendars/${calendar.body.id}/slots`, caseworker, {
      conversationTypes: [7],
      formats: ['IN_PERSON'],
      capacity: 1,
      times: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString() }],
    });
    expect(slots.status).toBe(201);
    const booking = await call(reads, 'POST', '/v1/bookings', caseworker, {
      slotId: slots.body.items[0].id,
      citizenId,
    });
    expect(booking.status).toBe(201);
    const around = (days: number) => new Date(startsAt.getTime() + days * DAY).toISOString();
    const week = await call(
      reads,
      'GET',
      `/v1/calendars/${calendar.body.id}/slots?from=${around(-1)}&to=${around(1)}`,
      caseworker,
    );
    expect(week.body.items.map((s: { state: string }) => s.state)).toEqual(['BOOKED']);
    expect(await (await fetch(`${reads.url}/metrics`)).text()).not.toMatch(/^selvbook_consumer_events_total\{/m);
    // … which the full replica's consumer did
    const full = await (await fetch(`${h.url}/metrics`)).text();
    expect(full).toMatch(/^selvbook_consumer_events_total\{/m);
    expect(full).toMatch(/^selvbook_kafka_connected\{role="consumer"\} 1/m);
    const mine = (events: EventEnvelope[]) => events.filter((e) => e.subject === citizenId);
    const events = mine(await h.readTopic(Topics.booking, (all) => mine(all).length >= 1));
    expect(events.map((e) => [e.type, (e.data as { bookingId: string }).bookingId])).toEqual([
      ['booking.booked', booking.body.id],
    ]);
  });
});
