/**
 * The cluster's monitoring (k8s/base/monitoring): the alert rules pass `promtool test rules` over synthetic
 * series (tools/k8s/alerts.test.yaml), every alert has a runbook paragraph in docs/operations.md, and the
 * alerts and the Grafana dashboard name only metrics the services export.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'k8s', 'base', 'monitoring');

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
type RuleGroups = { name: string; rules: AlertRule[] }[];

const prometheusRule = parse(readFileSync(join(MONITORING, 'alerts.yaml'), 'utf8')) as { spec: { groups: RuleGroups } };
const groups = prometheusRule.spec.groups;
const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);

/** Runs promtool's unit tests for these rule groups; returns its exit status and output. */
function promtoolTest(ruleGroups: RuleGroups): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'selvbook-alerts-'));
  try {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: ruleGroups }));
    copyFileSync(join(__dirname, 'alerts.test.yaml'), join(dir, 'alerts.test.yaml'));
    const run = spawnSync('promtool', ['test', 'rules', 'alerts.test.yaml'], { cwd: dir, encoding: 'utf8' });
    if (run.error) throw new Error(`promtool (Debian package prometheus) is needed: ${run.error.message}`);
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every metric name the services register (`name: 'selvbook_…'` in libs/ and apps/), with a histogram's series. */
function exportedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.includes('.spec.')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/name: '(selvbook_[a-z_]+)'/g)) {
          names.add(m[1]);
          // a histogram's series (a name of a counter or gauge with these suffixes never appears in an expression)
          if (/histogramIn\(/.test(text)) for (const suffix of ['_bucket', '_sum', '_count']) names.add(m[1] + suffix);
        }
      }
    }
  };
  walk(join(ROOT, 'libs'));
  walk(join(ROOT, 'apps'));
  return names;
}

const metricsIn = (expr: string) => [...expr.matchAll(/\b(selvbook_[a-z_]+)\b/g)].map((m) => m[1]);

/** GitHub's anchors of docs/operations.md's headings. */
function runbookAnchors(): Set<string> {
  const text = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
  const slug = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-');
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
}

describe('alert rules', () => {
  it('pass promtool check rules and promtool test rules: each alert fires when it should and not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'selvbook-rules-'));
    try {
      writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
      expect(execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8' })).toContain(
        `SUCCESS: ${alerts.length} rules found`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { status, output } = promtoolTest(groups);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('every alert is tested by alerts.test.yaml', () => {
    const tests = parse(readFileSync(join(__dirname, 'alerts.test.yaml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const firing = new Set(
      tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    );
    const quiet = new Set(
      tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length === 0).map((a) => a.alertname)),
    );
    for (const { alert } of alerts) {
      expect({ alert, fires: firing.has(alert!) }).toEqual({ alert, fires: true });
      expect({ alert, staysQuiet: quiet.has(alert!) }).toEqual({ alert, staysQuiet: true });
    }
  });

  it('the tests can fail: an alert whose threshold moved no longer fires when the test expects it', () => {
    const moved = groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) =>
        r.alert === 'SelvbookOutboxStuck' ? { ...r, expr: r.expr.replace('> 120', '> 100000') } : r,
      ),
    }));
    const { status, output } = promtoolTest(moved);
    expect(status).not.toBe(0);
    expect(output).toContain('SelvbookOutboxStuck');
  });

  it('every alert has a severity, a summary and a runbook paragraph in docs/operations.md', () => {
    const anchors = runbookAnchors();
    for (const rule of alerts) {
      expect([rule.alert, rule.labels?.severity]).toEqual([rule.alert, expect.stringMatching(/^(critical|warning)$/)]);
      expect(rule.annotations?.summary).toBeTruthy();
      const anchor = rule.annotations?.runbook_url?.split('#')[1] ?? '';
      expect(rule.annotations?.runbook_url).toContain('docs/operations.md#');
      expect([rule.alert, anchors.has(anchor)]).toEqual([rule.alert, true]);
    }
  });

  it('name only metrics the services export', () => {
    const exported = exportedMetrics();
    const unknown = alerts.flatMap((r) => metricsIn(r.expr)).filter((m) => !exported.has(m));
    expect(unknown).toEqual([]);
    expect(exported.has('selvbook_outbox_oldest_unsent_age_seconds')).toBe(true);
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(MONITORING, 'selvbook-dashboard.json'), 'utf8'));
  const panels = dashboard.panels as {
    id: number;
    type: string;
    title: string;
    gridPos: { h: number; w: number; x: number; y: number };
    targets?: { refId: string; expr: string }[];
  }[];

  it('is a dashboard with a uid, unique panel ids, panels inside the 24-column grid, and a query per graph', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(typeof dashboard.title).toBe('string');
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      if (p.type !== 'row') expect(p.targets!.length).toBeGreaterThan(0);
    }
    expect(dashboard.templating.list.map((v: { name: string }) => v.name)).toEqual(['datasource', 'namespace']);
  });

  it('queries only metrics the services export, and shows the signals the alerts watch', () => {
    const exported = exportedMetrics();
    const queried = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsIn(t.expr)));
    expect(queried.filter((m) => !exported.has(m))).toEqual([]);
    const alerted = new Set(alerts.flatMap((r) => metricsIn(r.expr)));
    expect([...alerted].filter((m) => !queried.includes(m))).toEqual([]);
  });

  it("is provisioned by a ConfigMap labelled for Grafana's sidecar", () => {
    const kustomization = parse(readFileSync(join(MONITORING, 'kustomization.yaml'), 'utf8'));
    const generator = kustomization.configMapGenerator[0];
    expect(generator.files).toEqual(['selvbook-dashboard.json']);
    expect(generator.options.labels.grafana_dashboard).toBe('1');
  });
});
