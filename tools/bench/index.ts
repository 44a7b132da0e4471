/**
 * `npm run bench`: every benchmark in one run, each printing its figures and the ratio to the ceiling
 * measured in the same run. Benchmarks are not tests: they measure, and say when a target is missed.
 *   npm run bench                 # all
 *   npm run bench -- backbone     # one or more by name
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

interface Bench {
  name: string;
  file: string;
  fn: string;
  targets: string;
}

const BENCHES: Bench[] = [
  { name: 'rules', file: 'rules.bench.ts', fn: 'benchRules', targets: '≥ 100,000 schedules/s on one core' },
  { name: 'backbone', file: 'backbone.bench.ts', fn: 'benchBackbone', targets: 'ratio ≥ 0.5; p99 < 100 ms at 1,000 events/s' },
  { name: 'schedule', file: 'schedule.bench.ts', fn: 'benchSchedule', targets: '300,000 citizens recalculated in < 60 s' },
  { name: 'booking', file: 'booking.bench.ts', fn: 'benchBooking', targets: '≥ 2,000 bookings/s; ratio ≥ 0.4; search p99 < 20 ms; 0 double bookings' },
  { name: 'deadline', file: 'deadline.bench.ts', fn: 'benchDeadline', targets: '100,000 expiries in < 60 s; ratio ≥ 0.5' },
  { name: 'notification', file: 'notification.bench.ts', fn: 'benchNotification', targets: 'ratio ≥ 0.6' },
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const bench of BENCHES.filter((b) => only.length === 0 || only.includes(b.name))) {
    const path = join(__dirname, bench.file);
    if (!existsSync(path)) {
      console.log(`\n## ${bench.name}: not built yet`);
      continue;
    }
    console.log(`\n## ${bench.name} (target: ${bench.targets})`);
    const started = Date.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const result = await require(path)[bench.fn]();
    console.log(JSON.stringify(result, null, 2));
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
