/**
 * Booking benchmark (shared machine: every figure is from one run on whatever else is running):
 *  - bookings/s through HTTP (the booking service as deployed, two replica processes, 64 concurrent autocannon clients,
 *    each request a caseworker booking a free one-person slot for a new citizen: full auth, validation,
 *    policy, constraints, audit and outbox), against
 *  - the raw PostgreSQL rate of the same writes (booking row + outbox row in one transaction, `pg`, no HTTP,
 *    no ORM, 64 concurrent writers on a pool of 16) in the same run → ratio;
 *  - slot search p99 over HTTP with 100,000 future slots (after a separately reported warm-up pass of 500);
 *  - a caseworker's week view (GET /v1/calendars/{id}/slots, a calendar of 500 slots in one week, half of them
 *    booked, gzip accepted as browsers and fetch do) p99 from the read replica (SERVICE_ROLE=api, k8s/base's
 *    booking-reads, where staff views are routed), one client, 20 requests/s, beside a steady load of 64 clients
 *    booking on all four booking replicas (12,000 bookings after the measured rounds: some 500 views); also reported from the
 *    booking replicas themselves during the rounds (one client each, 20 requests/s in all), which is what the
 *    view would cost without the read replica;
 *  - double bookings after the run (slots over capacity, overlapping active meetings of one citizen);
 *  - what a feature costs (BENCH_COMPARE=limiter, the default: the rate limiter and its checks, as deployed
 *    with its limits set far above the run so every request is counted and none refused; BENCH_COMPARE=tracing:
 *    spans exported over OTLP to a sink): after a warm-up of each replica, the bookings go in rounds (ABBA ABBA,
 *    so a drift of the machine weighs on both alike) to replicas with the feature and to replicas without it,
 *    so both see the same database, the same warm-up and the same neighbours. Reported as bookings/s of each half
 *    and, steadier on a shared machine, as the serving replicas' extra CPU per booking over all the CPU a booking
 *    takes (BENCH_COMPARE=none: two halves alike, the noise floor of both figures).
 *   node tools/run.js tools/bench/booking.bench.ts
 * BENCH_BOOKING_RATE: bookings/s in all instead of as fast as the 64 clients go (a busy, not saturated, service:
 * the week view's and the search's latencies beside a given load; bookings/s is then that rate, not a capacity).
 * BENCH_REPLICAS: booking-service processes (default 2, as k8s/base deploys it); BENCH_SERVICE_POOL_SIZE: each one's
 * PostgreSQL pool (default 16 shared between them, as the raw writers' pool).
 */
import { dlqTopic, INTERNAL_TOPICS, jobcenterTopic } from '@selvbook/contracts';
import {
  devPublicKey,
  EmbeddedPostgresServer,
  freePort,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
} from '@selvbook/testing';
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'pg';
import { cpuSecondsOf, postgresCpu, processCpu } from './cpu-time';
import { durationBuckets, serverSide } from './server-side';
import { startProbe } from './probe';
import { startTraceSink } from './trace-sink';

const JOBCENTER = '10101';
const SEARCH_JOBCENTER = '14701';

export async function benchBooking(
  opts: { bookings?: number; rawWrites?: number; searches?: number } = {},
): Promise<Record<string, number>> {
  const bookings = opts.bookings ?? 20000;
  const rawWrites = opts.rawWrites ?? 20000;
  const searches = opts.searches ?? 3000;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  for (const topic of INTERNAL_TOPICS) {
    cluster.createTopic(topic, 3);
    cluster.createTopic(dlqTopic(topic), 1);
  }
  // the jobcenters' recipient topics, as each organisation has its own in a deployment (k8s/organisations.yaml):
  // without them the relays hold every booking's jobcenter copy in outbox_held, work no deployment does
  for (const code of [JOBCENTER, SEARCH_JOBCENTER]) cluster.createTopic(jobcenterTopic(code), 3);
  await pg.createDatabase('booking');
  const traces = await startTraceSink(process.env.BENCH_COMPARE === 'tracing');
  // The service as deployed (k8s/base: two replicas), each its own process on its own port; the 64 clients
  // are split between them as a Kubernetes Service would spread connections. Migrations run in the first.
  // 'none': the two halves alike, which shows how far apart two identical halves measure (the noise floor)
  const compared =
    process.env.BENCH_COMPARE === 'tracing' ? 'tracing' : process.env.BENCH_COMPARE === 'none' ? 'none' : 'limiter';
  const serviceAt = (port: number, withFeature: boolean, role: Record<string, string> = {}) =>
    new ServiceProcess({
      app: 'booking-service',
      ownSchedulingGroup: true,
      env: {
        ...(withFeature || compared !== 'limiter'
          ? { RATE_LIMIT_MAX: '100000000', RATE_LIMIT_BOOKING_MAX: '100000000' }
          : { RATE_LIMIT_ENABLED: 'false' }),
        PORT: String(port),
        DATABASE_URL: pg.url('booking'),
        DATABASE_POOL_SIZE: process.env.BENCH_SERVICE_POOL_SIZE ?? String(Math.ceil(16 / replicaCount)),
        KAFKA_BROKERS: cluster.bootstrapServers,
        LOG_LEVEL: 'warn',
        OUTBOX_LINGER_MS: process.env.BENCH_OUTBOX_LINGER_MS ?? '25', // as k8s/base deploys it (and its fetch wait, the default 500 ms)
        AUTH_PUBLIC_KEY: devPublicKey(),
        // extra Node options for the service, e.g. BENCH_SERVICE_NODE_OPTIONS="--require ./profile.js" with a preload that
        // starts node:inspector's Profiler (Node 20 refuses --cpu-prof in NODE_OPTIONS)
        ...(process.env.BENCH_SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVICE_NODE_OPTIONS } : {}),
        // BENCH_TRACING=on: traces exported to a sink (every replica; BENCH_COMPARE=tracing: the first half)
        ...(withFeature || compared !== 'tracing' ? (traces?.env ?? {}) : {}),
        ...role,
      },
    }).start();
  const replicaCount = Number(process.env.BENCH_REPLICAS ?? 2);
  const ports: number[] = [];
  const portsWithout: number[] = [];
  const services: ServiceProcess[] = [];
  // the read replica: the REST API only (no relay, consumer or sweep); not among `services`, whose CPU is the bookings'
  let reads: ServiceProcess | undefined;
  const pool = new Pool({ connectionString: pg.url('booking'), max: 16 });
  try {
    // started in turns, each half first in every other pair (with, without, without, with, …): neither half is
    // the older one, nor holds the first process started (the one that ran the migrations; an A/A run measured
    // the half started first in every pair 2.4 % of a booking's CPU dearer)
    for (let r = 0; r < replicaCount; r++) {
      const port = await freePort();
      const portWithout = await freePort();
      for (const withFeature of r % 2 === 0 ? [true, false] : [false, true]) {
        services.push(serviceAt(withFeature ? port : portWithout, withFeature));
        await services.at(-1)!.waitReady(60000);
      }
      ports.push(port);
      portsWithout.push(portWithout);
    }
    reads = serviceAt(await freePort(), true, { SERVICE_ROLE: 'api' });
    await reads.waitReady(60000);
    const base = Date.now() + 2 * 86_400_000;
    // Seed: calendars of 100 slots each for the HTTP run and for the raw run, and 100,000 slots to search.
    await pool.query(`INSERT INTO organisation (kind, code) VALUES ('JOBCENTER', $1), ('JOBCENTER', $2)`, [
      JOBCENTER,
      SEARCH_JOBCENTER,
    ]);
    const seed = async (jobcenter: string, count: number): Promise<string[]> => {
      const calendars = Math.ceil(count / 100);
      const rows = await pool.query(
        `WITH c AS (
           INSERT INTO calendar (id, org_kind, org_code, name) SELECT gen_random_uuid(), 'JOBCENTER', $1, 'bench ' || g FROM generate_series(1, $2) g RETURNING id
         ), n AS (SELECT id, row_number() OVER () AS cn FROM c)
         INSERT INTO slot (id, calendar_id, org_kind, org_code, jobcenter_code, conversation_types, formats, starts_at, ends_at, capacity, location)
         SELECT gen_random_uuid(), n.id, 'JOBCENTER', $1, $1, '{7}', '{IN_PERSON,PHONE}',
                to_timestamp($3 / 1000.0) + (s * interval '1 hour') + (n.cn % 60) * interval '1 minute',
                to_timestamp($3 / 1000.0) + (s * interval '1 hour') + (n.cn % 60) * interval '1 minute' + interval '45 minutes', 1, 'Jobcenter, Vej 1'
           FROM n, generate_series(0, 99) s
         RETURNING id`,
        [jobcenter, calendars, base],
      );
      return rows.rows.map((r: { id: string }) => r.id).slice(0, count);
    };
    // Each replica books WARMUP_PER_REPLICA before the measured rounds (JIT, its pool's connections and prepared
    // statements, and the database's pages, warm for both halves alike: else the first half pays for all of them).
    const WARMUP_PER_REPLICA = 250;
    const STEADY_PER_REPLICA = 3000;
    const httpSlots = await seed(JOBCENTER, bookings + 2 * replicaCount * (WARMUP_PER_REPLICA + STEADY_PER_REPLICA));
    const rawSlots = await seed(JOBCENTER, rawWrites);
    await seed(SEARCH_JOBCENTER, 100000);
    // A week view's calendar: 500 twenty-minute slots back to back from Monday, every other one booked.
    const weekFrom = new Date(Math.ceil((base + 7 * 86_400_000) / 86_400_000) * 86_400_000);
    const weekTo = new Date(weekFrom.getTime() + 7 * 86_400_000);
    const weekCalendar = randomUUID();
    await pool.query(`INSERT INTO calendar (id, org_kind, org_code, name) VALUES ($1, 'JOBCENTER', $2, 'week view')`, [
      weekCalendar,
      JOBCENTER,
    ]);
    await pool.query(
      `WITH s AS (
         INSERT INTO slot (id, calendar_id, org_kind, org_code, jobcenter_code, conversation_types, formats, starts_at, ends_at, capacity, seats_taken, location)
         SELECT gen_random_uuid(), $1, 'JOBCENTER', $2, $2, '{7}', '{IN_PERSON,PHONE}', $3::timestamptz + g * interval '20 minutes',
                $3::timestamptz + (g + 1) * interval '20 minutes', 1, g % 2, 'Jobcenter, Vej 1'
           FROM generate_series(0, 499) g
         RETURNING *)
       INSERT INTO booking (id, slot_id, citizen_id, jobcenter_code, conversation_type, format, location, during, status, booked_by_role, booked_by_subject, self_booked)
       SELECT gen_random_uuid(), s.id, gen_random_uuid(), s.jobcenter_code, 7, 'PHONE', s.location, s.during, 'BOOKED', 'CITIZEN', 'bench', true FROM s WHERE s.seats_taken = 1`,
      [weekCalendar, JOBCENTER, weekFrom],
    );
    await pool.query('ANALYZE');

    // Raw PostgreSQL: booking row + outbox row, one transaction each. The outbox rows go to a twin of the
    // outbox (same columns, defaults, generated shard, indexes): in the outbox itself the services' relays,
    // on their fallback poll, published and deleted them while they were being written, which took CPU from
    // the writers and made the ceiling swing (2,230–2,660/s) with the relays' timing.
    await pool.query(`CREATE TABLE raw_outbox (LIKE outbox INCLUDING ALL)`);
    const rawStarted = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < rawWrites) {
          const slotId = rawSlots[next++];
          const client = await pool.connect();
          try {
            const id = randomUUID();
            const citizenId = randomUUID();
            await client.query('BEGIN');
            await client.query(
              `INSERT INTO booking (id, slot_id, citizen_id, jobcenter_code, conversation_type, format, location, during, status, booked_by_role, booked_by_subject, self_booked)
               SELECT $1, s.id, $2, s.jobcenter_code, 7, 'IN_PERSON', s.location, s.during, 'BOOKED', 'CASEWORKER', 'bench', false FROM slot s WHERE s.id = $3`,
              [id, citizenId, slotId],
            );
            await client.query(
              `INSERT INTO raw_outbox (event_id, event_type, topic, key, payload) VALUES ($1, 'booking.booked', 'bench.raw', $2, $3::json)`,
              [randomUUID(), citizenId, JSON.stringify({ id, citizenId, slotId })],
            );
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      }),
    );
    const rawPerSecond = rawWrites / ((Date.now() - rawStarted) / 1000);
    await pool.query(`DROP TABLE raw_outbox`);

    // HTTP: caseworker books on behalf of new citizens, 64 connections.
    const token = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'bench-caseworker' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let i = 0;
    // CPU per booking of each party: where a booking's cost goes (the machine has two cores for all of them).
    const pgCpu = await postgresCpu({ query: async (sql: string) => (await pool.query(sql)).rows });
    const serviceCpu = () => services.reduce((sum, s) => sum + cpuSecondsOf(s.pid!), 0);
    const statuses: Record<string, number> = {};
    // The run's own clock, to the last response: autocannon reports a run of `amount` requests when its next
    // one-second tick notices the end, so its duration carries up to a second of idle tail (≈ 4 % of a run).
    const bookingRate = Number(process.env.BENCH_BOOKING_RATE ?? 0);
    const bookOn = async (targets: number[], amountPerTarget: number) => {
      let lastResponseAt = 0;
      let booked = 0;
      const started = performance.now();
      const runs = await Promise.all(
        targets.map((p) =>
          autocannon({
            url: `http://127.0.0.1:${p}`,
            connections: Math.round(64 / targets.length),
            amount: amountPerTarget,
            ...(bookingRate > 0 ? { overallRate: Math.max(1, Math.round(bookingRate / targets.length)) } : {}),
            requests: [
              {
                method: 'POST',
                path: '/v1/bookings',
                headers,
                setupRequest: (req) => ({
                  ...req,
                  body: JSON.stringify({ slotId: httpSlots[i++ % httpSlots.length], citizenId: randomUUID() }),
                }),
                onResponse: (status) => {
                  statuses[status] = (statuses[status] ?? 0) + 1;
                  if (status === 201) booked++;
                  lastResponseAt = performance.now();
                },
              },
            ],
          }),
        ),
      );
      return { runs, booked, seconds: (lastResponseAt - started) / 1000 };
    };
    await bookOn(ports, WARMUP_PER_REPLICA);
    await bookOn(portsWithout, WARMUP_PER_REPLICA);
    for (const status of Object.keys(statuses)) delete statuses[status];
    if (process.env.PG_STATEMENTS) {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await pool.query('SELECT pg_stat_statements_reset()');
    }
    const cpuBefore = { service: serviceCpu(), postgres: pgCpu(), bench: processCpu() };
    // The week view, beside every round of bookings, on all four replicas (with and without the feature alike, so it weighs
    // the same on both halves of the comparison); stopped when the bookings end.
    const weekViewPath = `/v1/calendars/${weekCalendar}/slots?${new URLSearchParams({ from: weekFrom.toISOString(), to: weekTo.toISOString() })}`;
    const weekViewPorts = [...ports, ...portsWithout];
    // Warmed up first, as the search is: the first answers of a replica (its code not yet optimised, its read
    // pool's connections and statements not yet made) are not the steady state the p99 is about.
    const viewWeek = async (p: number) => {
      const response = await fetch(`http://127.0.0.1:${p}${weekViewPath}`, {
        headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate' },
      });
      await response.arrayBuffer();
    };
    for (const p of [...weekViewPorts, reads.port]) for (let n = 0; n < 20; n++) await viewWeek(p);
    // What one view costs a replica: its CPU over 40 more, one at a time, with nothing else running
    const weekViewCpuBefore = serviceCpu();
    for (const p of weekViewPorts) for (let n = 0; n < 40; n++) await viewWeek(p);
    const weekViewCpuMs = ((serviceCpu() - weekViewCpuBefore) * 1000) / (40 * weekViewPorts.length);
    /**
     * The week view at 20 requests/s in all, one client per replica, until the returned function stops it; timed
     * in a process of its own (startProbe), not on this process's event loop, which runs the 64 booking clients.
     */
    const startWeekViews = (on: number[]) => {
      const probe = startProbe(
        on.map((p) => ({
          url: `http://127.0.0.1:${p}${weekViewPath}`,
          connections: 1,
          overallRate: Math.round(20 / on.length),
          duration: 3600,
          headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate' },
        })),
      );
      return async () => combined(await probe.stop());
    };
    // Event-loop delay of each replica over the rounds (prom-client's monitor restarts at every scrape: read once
    // here to start it afresh, once after): a replica's stalls are what a week view's slow tail would wait for.
    const eventLoopLag = async (on = weekViewPorts) =>
      Promise.all(
        on.map(async (p) => {
          const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
          const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
          return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
        }),
      );
    await eventLoopLag();
    // … and this process's, which runs the booking clients: what a probe on its event loop would have added
    const generatorLag = monitorEventLoopDelay({ resolution: 10 });
    generatorLag.enable();
    const stopWeekViewsOfRounds = startWeekViews(weekViewPorts);
    const ROUNDS = 8;
    // cpu: the serving half's CPU over its rounds (wall: their length); idleCpu: its CPU over the other half's
    // rounds (idleWall): its background — the week views, its relays' share of the other half's events, and
    // whatever runs in one replica only (the migrations' first process, a sweep's lock holder)
    const modes = {
      on: { booked: 0, seconds: 0, cpu: 0, wall: 0, idleCpu: 0, idleWall: 0 },
      off: { booked: 0, seconds: 0, cpu: 0, wall: 0, idleCpu: 0, idleWall: 0 },
    };
    // CPU of the replicas that take the round's bookings (the other half meanwhile serves only its share of the
    // week view and of the relay's work, alike in both modes): less disturbed by the machine than bookings/s.
    const halfCpu = (half: number[]) =>
      services.filter((s) => half.includes(s.port)).reduce((sum, s) => sum + cpuSecondsOf(s.pid!), 0);
    const runs: autocannon.Result[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const mode = round % 4 === 0 || round % 4 === 3 ? 'on' : 'off';
      const half = mode === 'on' ? ports : portsWithout;
      const idle = mode === 'on' ? 'off' : 'on';
      const cpuAtStart = halfCpu(half);
      const idleCpuAtStart = halfCpu(idle === 'on' ? ports : portsWithout);
      const startedAt = performance.now();
      // rounded down: never more requests than seeded slots (a slot booked twice would be a 409, not a booking)
      const result = await bookOn(half, Math.floor(bookings / ROUNDS / replicaCount));
      const wall = (performance.now() - startedAt) / 1000;
      modes[mode].cpu += halfCpu(half) - cpuAtStart;
      modes[mode].wall += wall;
      modes[idle].idleCpu += halfCpu(idle === 'on' ? ports : portsWithout) - idleCpuAtStart;
      modes[idle].idleWall += wall;
      modes[mode].booked += result.booked;
      modes[mode].seconds += result.seconds;
      runs.push(...result.runs);
    }
    const weekViewOfRounds = await stopWeekViewsOfRounds();
    const lagOfRounds = await eventLoopLag();
    generatorLag.disable();
    // Outbox shards each replica's relay publishes: the relay's work for every booking falls on their holders.
    const relayShards = await Promise.all(
      [...ports, ...portsWithout].map(async (p) => {
        const text = await (await fetch(`http://127.0.0.1:${p}/metrics`)).text();
        return Number(/^selvbook_outbox_relay_shards (\S+)$/m.exec(text)?.[1] ?? -1);
      }),
    );
    /** A half's CPU seconds per booking over its rounds, less its background at its idle rate. */
    const overIdle = (m: (typeof modes)['on']) => (m.cpu - (m.idleCpu / m.idleWall) * m.wall) / m.booked;
    const withPerSecond = modes.on.booked / modes.on.seconds;
    const withoutPerSecond = modes.off.booked / modes.off.seconds;
    const http = combined(runs);
    const booked = statuses['201'] ?? 0;
    const cpuMsPerBooking = (seconds: number) => Number(((seconds * 1000) / Math.max(booked, 1)).toFixed(3));
    const cpu = {
      service: cpuMsPerBooking(serviceCpu() - cpuBefore.service),
      postgres: cpuMsPerBooking(pgCpu() - cpuBefore.postgres),
      loadGeneratorAndBroker: cpuMsPerBooking(processCpu() - cpuBefore.bench),
    };
    const httpPerSecond = booked / (modes.on.seconds + modes.off.seconds);
    // The week view beside a steady booking load on every replica: the rounds above move their load from one half
    // to the other every few seconds, each move a burst of 64 new connections on replicas that were idle.
    const readsMetrics = async () => (await fetch(`http://127.0.0.1:${reads!.port}/metrics`)).text();
    const weekRoute = /^\/v1\/calendars\/:calendarId\/slots$/;
    await eventLoopLag([reads.port]);
    const readsBefore = durationBuckets(await readsMetrics(), weekRoute);
    const stopWeekViews = startWeekViews([reads.port]);
    await bookOn([...ports, ...portsWithout], STEADY_PER_REPLICA);
    const weekView = await stopWeekViews();
    const weekViewServerSide = serverSide(readsBefore, durationBuckets(await readsMetrics(), weekRoute), 0.05);
    const [readsLag] = await eventLoopLag([reads.port]);
    if (process.env.PG_STATEMENTS) {
      // where the database's time went during the HTTP run (PG_STATEMENTS=1 npm run bench -- booking)
      const top = await pool.query(
        `SELECT round(total_exec_time)::int AS ms, round(total_plan_time)::int AS plan_ms, calls, rows, round(mean_exec_time::numeric, 2) AS mean, round(max_exec_time::numeric, 1) AS max, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q
           FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 14`,
      );
      console.table(top.rows);
    }

    // Search: a citizen's open deadline over 100,000 future slots of their jobcenter.
    const citizenId = randomUUID();
    const deadlineId = randomUUID();
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    await pool.query(
      `INSERT INTO deadline (deadline_id, citizen_id, jobcenter_code, conversation_type, conversation_number, deadline_date, latest_meeting_date, contact_group, can_self_book, status)
       VALUES ($1, $2, $3, 7, 1, $4, $5, 'UNEMPLOYMENT_BENEFIT', true, 'OPEN')`,
      [deadlineId, citizenId, SEARCH_JOBCENTER, day(Date.now() + 20 * 86_400_000), day(Date.now() + 110 * 86_400_000)],
    );
    const citizenToken = await mintDevToken({ role: 'citizen', citizenId });
    // Diagnostic: events of the HTTP run the relay has still to publish while search is measured.
    const [{ pending: outboxPendingAtSearch }] = (await pool.query(`SELECT count(*)::int AS pending FROM outbox`)).rows;
    // 8 clients, spread over the replicas like the bookings; percentiles are the worst replica's.
    const searchRun = async (amount: number) => {
      const parts = await Promise.all(
        ports.map((p) =>
          autocannon({
            url: `http://127.0.0.1:${p}/v1/slots?deadlineId=${deadlineId}&format=PHONE&limit=20`,
            connections: Math.round(8 / ports.length),
            amount: Math.round(amount / ports.length),
            headers: { authorization: `Bearer ${citizenToken}` },
          }),
        ),
      );
      return combined(parts);
    };
    // The search endpoint is cold at this point (JIT, each pooled connection preparing its statements):
    // a first, separately reported pass of 500 requests, then the measured one (steady state).
    const searchWarmup = await searchRun(500);
    const search = await searchRun(searches);

    const [{ over }] = (
      await pool.query(
        `SELECT count(*)::int AS over FROM slot s WHERE (SELECT count(*) FROM booking b WHERE b.slot_id = s.id AND b.status = 'BOOKED') > s.capacity`,
      )
    ).rows;
    const [{ overlaps }] = (
      await pool.query(
        `SELECT count(*)::int AS overlaps FROM booking a JOIN booking b ON a.citizen_id = b.citizen_id AND a.id < b.id AND a.during && b.during WHERE a.status = 'BOOKED' AND b.status = 'BOOKED'`,
      )
    ).rows;
    const [{ drift }] = (
      await pool.query(
        `SELECT count(*)::int AS drift FROM slot s WHERE s.id = ANY($1) AND s.seats_taken <> (SELECT count(*) FROM booking b WHERE b.slot_id = s.id AND b.status = 'BOOKED')`,
        [httpSlots],
      )
    ).rows;
    return {
      httpBookingsPerSecond: Math.round(httpPerSecond),
      [`httpBookingsPerSecondWith_${compared}`]: Math.round(withPerSecond),
      [`httpBookingsPerSecondWithout_${compared}`]: Math.round(withoutPerSecond),
      [`${compared}CostPercent`]: Number((((withoutPerSecond - withPerSecond) / withoutPerSecond) * 100).toFixed(1)),
      // the same cost from CPU: the serving replicas' extra CPU per booking, as a share of all CPU a booking takes
      // (service, PostgreSQL, load generator and broker) — what bookings/s is bound by on a saturated machine
      serviceCpuMsPerBookingWith: Number(((modes.on.cpu * 1000) / modes.on.booked).toFixed(3)),
      serviceCpuMsPerBookingWithout: Number(((modes.off.cpu * 1000) / modes.off.booked).toFixed(3)),
      [`${compared}CpuCostPercent`]: Number(
        (
          ((modes.on.cpu / modes.on.booked - modes.off.cpu / modes.off.booked) * 1000 * 100) /
          (cpu.service + cpu.postgres + cpu.loadGeneratorAndBroker)
        ).toFixed(1),
      ),
      // … and with each half's background taken out (its CPU per second while the other half served, times the
      // length of its own rounds): what is left is the bookings' own, free of what runs in one half only
      serviceCpuMsPerBookingOverIdleWith: Number((overIdle(modes.on) * 1000).toFixed(3)),
      serviceCpuMsPerBookingOverIdleWithout: Number((overIdle(modes.off) * 1000).toFixed(3)),
      [`${compared}CpuCostOverIdlePercent`]: Number(
        (
          ((overIdle(modes.on) - overIdle(modes.off)) * 1000 * 100) /
          (cpu.service + cpu.postgres + cpu.loadGeneratorAndBroker)
        ).toFixed(1),
      ),
      httpBooked: booked,
      serviceReplicas: replicaCount,
      relayShardsWith: relayShards.slice(0, replicaCount).reduce((a, b) => a + b, 0),
      relayShardsWithout: relayShards.slice(replicaCount).reduce((a, b) => a + b, 0),
      ...(bookingRate > 0 ? { bookingRateOffered: bookingRate } : {}),
      httpNon2xx: http.non2xx,
      httpErrors: http.errors,
      httpLatencyP50Ms: http.latency.p50,
      httpLatencyP99Ms: http.latency.p99,
      httpCpuMsPerBookingService: cpu.service,
      httpCpuMsPerBookingPostgres: cpu.postgres,
      httpCpuMsPerBookingLoadAndBroker: cpu.loadGeneratorAndBroker,
      rawPgPerSecond: Math.round(rawPerSecond),
      ratio: Number((httpPerSecond / rawPerSecond).toFixed(3)),
      weekViewSlots: 500,
      weekViewServiceCpuMsPerView: Number(weekViewCpuMs.toFixed(2)),
      weekViewRequests: weekView.requests,
      weekViewNon2xx: weekView.non2xx,
      weekViewLatencyP50Ms: weekView.latency.p50,
      weekViewLatencyP99Ms: weekView.latency.p99,
      // the read replica's own timing of the same views (its histogram; the probe's figure adds the probe's waits)
      weekViewServerSideP99Ms: weekViewServerSide.p99Ms,
      weekViewServerSideWithin50MsPercent: Number((weekViewServerSide.within * 100).toFixed(2)),
      weekViewOnBookingReplicasDuringRoundsP50Ms: weekViewOfRounds.latency.p50,
      weekViewOnBookingReplicasDuringRoundsP99Ms: weekViewOfRounds.latency.p99,
      eventLoopLagP99MsReadReplica: Math.round(readsLag.p99),
      eventLoopLagP99MsWorstReplica: Math.round(Math.max(...lagOfRounds.map((l) => l.p99))),
      eventLoopLagMaxMsWorstReplica: Math.round(Math.max(...lagOfRounds.map((l) => l.max))),
      eventLoopLagP99MsLoadGenerator: Math.round(generatorLag.percentile(99) / 1e6),
      searchRequests: search.requests,
      searchNon2xx: search.non2xx,
      searchLatencyP50Ms: search.latency.p50,
      searchLatencyP99Ms: search.latency.p99,
      searchWarmupP99Ms: searchWarmup.latency.p99,
      outboxPendingAtSearch,
      futureSlots: 100000 + httpSlots.length + rawWrites,
      doubleBookings: over + overlaps,
      seatCounterDrift: drift,
      tracing: traces ? 1 : 0,
      ...(traces
        ? { traceExportRequests: traces.exports().requests, traceExportKiB: Math.round(traces.exports().bytes / 1024) }
        : {}),
    };
  } finally {
    await pool.end();
    await Promise.all([...services, ...(reads ? [reads] : [])].map((s) => s.stop()));
    await traces?.stop();
    cluster.stop();
    await pg.stop();
  }
}

/**
 * Parallel autocannon runs (one per replica) as one: requests and failures summed, latency percentiles the
 * worst replica's.
 */
function combined(runs: autocannon.Result[]) {
  return {
    requests: runs.reduce((n, run) => n + run.requests.total, 0),
    non2xx: runs.reduce((n, run) => n + run.non2xx, 0),
    errors: runs.reduce((n, run) => n + run.errors, 0),
    latency: {
      p50: Math.max(...runs.map((run) => run.latency.p50)),
      p99: Math.max(...runs.map((run) => run.latency.p99)),
    },
  };
}

if (require.main === module) {
  benchBooking()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
