/**
 * The example a-kasse consumer as an integrator runs it (its own process, `main.ts`), against the librdkafka
 * mock broker, reading events written the way Selvbook's outbox writes them (same envelope, key and headers):
 * every a-kasse event kind, and what a consumer must survive (an unknown type, an invalid payload, wrong
 * headers, a value that is not JSON, another a-kasse's topic).
 */
import {
  ActorRole,
  akasseTopic,
  AkasseCitizenDeregisteredEvent,
  AkasseDeadlineMissedEvent,
  AkasseMeetingCancelledEvent,
  AkasseNoShowEvent,
  ConversationHolder,
  ConversationStatus,
  ConversationType,
  createEvent,
  DeregistrationReason,
  EventEnvelope,
  LegitimateCancellationReason,
  MissedDeadlineConsequence,
  ScheduleCalculatedEvent,
} from '@selvbook/contracts';
import { outboxRowsOf } from '@selvbook/messaging';
import { eventually, KafkaMockCluster } from '@selvbook/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel, Producer } from 'kafkajs';

const ROOT = join(__dirname, '..', '..', '..');
const AKASSE = '3f';
const TOPIC = akasseTopic(AKASSE);

describe('examples/akasse-consumer: an a-kasse reads its topic, checks each message against the AsyncAPI document, says what to do', () => {
  let cluster: KafkaMockCluster;
  let producer: Producer;
  let child: ChildProcess;
  const lines: string[] = [];
  let exited: Promise<number | null>;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    cluster.createTopic(TOPIC, 3);
    cluster.createTopic(akasseTopic('ca'), 1);
    producer = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    child = spawn(
      process.execPath,
      [join(ROOT, 'tools', 'run.js'), join(ROOT, 'examples', 'akasse-consumer', 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, AKASSE_ID: AKASSE, KAFKA_BROKERS: cluster.bootstrapServers },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      lines.push(...complete);
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[akasse-consumer] ${chunk}`));
    exited = new Promise((resolve) => child.once('exit', resolve));
    await eventually(
      () =>
        expect(lines.some((l) => l.startsWith(`Reading ${TOPIC} as consumer group akasse-${AKASSE}-starter`))).toBe(
          true,
        ),
      { timeoutMs: 30000 },
    );
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await producer?.disconnect();
    cluster?.stop();
  });

  /** Writes events as the outbox relay does: key = subject, the outbox's headers, to this a-kasse's topic. */
  async function publish(
    events: EventEnvelope[],
    topic = TOPIC,
    tamper: (headers: Record<string, string>) => void = () => undefined,
  ): Promise<void> {
    const messages = outboxRowsOf(events).map((row) => {
      tamper(row.headers);
      return { key: row.key, value: JSON.stringify(row.payload), headers: row.headers };
    });
    await producer.send({ topic, messages });
  }

  const member = () => ({ citizenId: randomUUID(), akasseId: AKASSE, jobcenterCode: '10101' });
  const meta = (citizenId: string, source: string) => ({ subject: citizenId, source });

  it('prints what to act on for every a-kasse event kind, skips what it must not trust, and stops cleanly', async () => {
    const [missed, noShow, afbud, moved, deregistered, planned] = [
      member(),
      member(),
      member(),
      member(),
      member(),
      member(),
    ];
    const deadlineId = randomUUID();
    await publish([
      createEvent(
        AkasseDeadlineMissedEvent,
        {
          ...missed,
          deadlineId,
          conversationType: ConversationType.JOB_CONVERSATION,
          deadlineDate: '2026-03-02',
          consequence: MissedDeadlineConsequence.DEREGISTRATION,
          deregisteredFrom: '2026-03-03',
        },
        meta(missed.citizenId, 'deadline-service'),
      ),
      createEvent(
        AkasseCitizenDeregisteredEvent,
        {
          ...missed,
          reason: DeregistrationReason.SELF_BOOKING_DEADLINE_MISSED,
          deregisteredFrom: '2026-03-03',
          deadlineId,
        },
        meta(missed.citizenId, 'deadline-service'),
      ),
      createEvent(
        AkasseCitizenDeregisteredEvent,
        { ...deregistered, reason: DeregistrationReason.EMPLOYMENT, deregisteredFrom: '2026-04-01' },
        meta(deregistered.citizenId, 'deadline-service'),
      ),
      createEvent(
        AkasseNoShowEvent,
        {
          ...noShow,
          bookingId: randomUUID(),
          conversationType: ConversationType.JOINT_CONVERSATION,
          meetingStartsAt: '2026-03-04T08:30:00Z',
          heldBy: ConversationHolder.JOINT,
        },
        meta(noShow.citizenId, 'deadline-service'),
      ),
      createEvent(
        AkasseMeetingCancelledEvent,
        {
          ...afbud,
          bookingId: randomUUID(),
          conversationType: ConversationType.JOB_CONVERSATION,
          meetingStartsAt: '2026-03-05T09:00:00Z',
          cancelledBy: ActorRole.CITIZEN,
          rebooked: false,
        },
        meta(afbud.citizenId, 'booking-service'),
      ),
      createEvent(
        AkasseMeetingCancelledEvent,
        {
          ...moved,
          bookingId: randomUUID(),
          conversationType: ConversationType.JOB_CONVERSATION,
          meetingStartsAt: '2026-03-06T12:00:00Z',
          cancelledBy: ActorRole.CITIZEN,
          legitimateReason: LegitimateCancellationReason.JOB_INTERVIEW,
          rebooked: true,
        },
        meta(moved.citizenId, 'booking-service'),
      ),
      createEvent(
        ScheduleCalculatedEvent,
        {
          ...ScheduleCalculatedEvent.example!,
          ...planned,
          conversations: [
            { ...ScheduleCalculatedEvent.example!.conversations[0], number: 1, status: ConversationStatus.OVERDUE },
            {
              ...ScheduleCalculatedEvent.example!.conversations[0],
              number: 2,
              type: ConversationType.AVAILABILITY_CONVERSATION,
              heldBy: ConversationHolder.AKASSE,
              guidingDate: '2026-05-04',
              windowFrom: '2026-05-01',
              windowTo: '2026-05-15',
              status: ConversationStatus.UPCOMING,
            },
          ],
        },
        meta(planned.citizenId, 'schedule-service'),
      ),
    ]);
    // What a consumer must survive: a type this document does not describe, a payload that breaks it, headers
    // that contradict the value, a value that is not JSON; and another a-kasse's member on its own topic.
    const stranger = member();
    const future = {
      ...createEvent(
        AkasseNoShowEvent,
        { ...AkasseNoShowEvent.example!, ...stranger },
        meta(stranger.citizenId, 'deadline-service'),
      ),
      type: 'akasse.something-new',
    };
    await producer.send({ topic: TOPIC, messages: [{ key: stranger.citizenId, value: JSON.stringify(future) }] });
    const broken = createEvent(
      AkasseNoShowEvent,
      { ...AkasseNoShowEvent.example!, ...stranger },
      meta(stranger.citizenId, 'deadline-service'),
    );
    delete (broken.data as Partial<typeof AkasseNoShowEvent.example>)!.heldBy;
    await producer.send({ topic: TOPIC, messages: [{ key: stranger.citizenId, value: JSON.stringify(broken) }] });
    await publish(
      [
        createEvent(
          AkasseNoShowEvent,
          { ...AkasseNoShowEvent.example!, ...stranger },
          meta(stranger.citizenId, 'deadline-service'),
        ),
      ],
      TOPIC,
      (h) => (h['event-type'] = 'booking.no-show'),
    );
    await producer.send({ topic: TOPIC, messages: [{ key: stranger.citizenId, value: 'not json at all' }] });
    const elsewhere = { ...member(), akasseId: 'ca' };
    await publish(
      [
        createEvent(
          AkasseNoShowEvent,
          { ...AkasseNoShowEvent.example!, ...elsewhere },
          meta(elsewhere.citizenId, 'deadline-service'),
        ),
      ],
      akasseTopic('ca'),
    );

    const said = await eventually(
      () => {
        const read = lines.filter((l) => /^(ACT|NOTE|SKIP) /.test(l));
        expect(read).toHaveLength(11);
        return read;
      },
      { timeoutMs: 30000 },
    );
    const about = (citizenId: string) => said.filter((l) => l.includes(citizenId));

    expect(about(missed.citizenId)).toEqual([
      `ACT  assess availability (rådighed): member ${missed.citizenId} missed the self-booking deadline of 2026-03-02 for a jobsamtale (type 7) at jobcenter 10101; deregistered as jobseeker from 2026-03-03: no dagpenge until the member registers again.`,
      `ACT  stop dagpenge from 2026-03-03 until the member registers again: member ${missed.citizenId} was deregistered as jobseeker (the citizen missed a self-booking deadline (dagpenge): no dagpenge until re-registration), deadline ${deadlineId}.`,
    ]);
    expect(about(deregistered.citizenId)).toEqual([
      `ACT  stop dagpenge from 2026-04-01 until the member registers again: member ${deregistered.citizenId} was deregistered as jobseeker (the citizen got work).`,
    ]);
    expect(about(noShow.citizenId)).toEqual([
      `ACT  assess availability (rådighed): member ${noShow.citizenId} did not show up for a fælles jobsamtale (type 17) on Wed, 4 Mar 2026, 09:30, held by jobcenter and a-kasse together (fælles samtale, type 17); dagpenge are lost from then until the member contacts them.`,
    ]);
    expect(about(afbud.citizenId)).toEqual([
      `ACT  the day counts against dagpenge: member ${afbud.citizenId} cancelled (afbud) a jobsamtale (type 7) of Thu, 5 Mar 2026, 10:00 at jobcenter 10101 without a legitimate reason.`,
    ]);
    expect(about(moved.citizenId)).toEqual([
      `ACT  check the reason given: member ${moved.citizenId} moved (rebooked) a jobsamtale (type 7) of Fri, 6 Mar 2026, 13:00 at jobcenter 10101, giving "a job interview" (JOB_INTERVIEW).`,
    ]);
    expect(about(planned.citizenId)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^NOTE member ${planned.citizenId}'s schedule was calculated: 2 conversation\\(s\\), 1 OVERDUE \\(its window closed without it being held.*\\); next: rådighedssamtale \\(type 15\\) by 2026-05-04, held by AKASSE\\.$`,
        ),
      ),
    ]);
    expect(
      said.filter((l) => l.startsWith('SKIP ')).map((l) => l.replace(/@\d+/, '@n').replace(/\[\d\]/, '[p]')),
    ).toEqual(
      expect.arrayContaining([
        `SKIP akasse.something-new v1 at ${TOPIC}[p]@n: not in AsyncAPI 1.0.0 for an a-kasse; ignored`,
        expect.stringMatching(
          new RegExp(`^SKIP invalid message ${TOPIC.replace(/\./g, '\\.')}\\[p\\]@n: payload: .*heldBy`),
        ),
        expect.stringMatching(/^SKIP invalid message .*: headers: \/event-type must be equal to constant$/),
        expect.stringMatching(/^SKIP invalid message .*: the value is not JSON$/),
      ]),
    );
    expect(lines.join('\n')).not.toContain(elsewhere.citizenId);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toContain('Stopped.');
  });
});
