/**
 * A service's own timing of the requests it answered, from its `selvbook_http_request_duration_seconds`
 * histogram: what the service can answer for, without the client's own waits (a probe on a shared machine
 * waits for a core too).
 */

/** Cumulative count per bucket bound (seconds) of GET 2xx answers, of routes matching `route` (default: all). */
export function durationBuckets(metrics: string, route: RegExp = /.*/): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const m of metrics.matchAll(
    /^selvbook_http_request_duration_seconds_bucket\{le="([^"]+)",route="([^"]+)",method="GET",status_class="2xx"\} (\d+)$/gm,
  )) {
    if (!route.test(m[2])) continue;
    const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[3]));
  }
  return buckets;
}

/**
 * Server-side p99 between two scrapes, interpolated within its bucket as Prometheus's histogram_quantile does,
 * and the share answered within `withinSeconds` (a bucket bound: exact).
 */
export function serverSide(before: Map<number, number>, after: Map<number, number>, withinSeconds: number) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const delta = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = delta(Infinity);
  let p99 = NaN;
  let lower = 0;
  for (const le of bounds) {
    if (delta(le) >= 0.99 * total) {
      const below = lower === 0 ? 0 : delta(lower);
      p99 = le === Infinity ? lower : lower + ((le - lower) * (0.99 * total - below)) / (delta(le) - below);
      break;
    }
    lower = le;
  }
  return { requests: total, p99Ms: Math.round(p99 * 1000), within: total ? delta(withinSeconds) / total : NaN };
}
