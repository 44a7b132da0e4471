import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedFiles } from './generate';
import { Acl, kafkaTopics, kafkaUsers, Organisations, readOrganisations } from './kafka-resources';

const ROOT = join(__dirname, '..', '..');
const organisations = readOrganisations();
const users = kafkaUsers(organisations);
const aclsOf = (name: string) =>
  (users.find((u) => u.metadata.name === name)!.spec.authorization as { acls: Acl[] }).acls;
const topicsWith = (acls: Acl[], operation: 'Read' | 'Write') =>
  acls
    .filter((a) => a.resource.type === 'topic' && a.operations.includes(operation))
    .map((a) => a.resource.name)
    .sort();

const RECIPIENTS = [
  'selvbook.akasse.3f.v1',
  'selvbook.akasse.ca.v1',
  'selvbook.jobcenter.10101.v1',
  'selvbook.jobcenter.75101.v1',
];

describe('Kafka resources from the organisations file and the contracts', () => {
  it('the committed k8s/base/kafka files are current (npm run k8s:generate)', () => {
    for (const [file, text] of Object.entries(generatedFiles())) {
      expect(readFileSync(join(ROOT, 'k8s', 'base', 'kafka', file), 'utf8')).toBe(text);
    }
  });

  it('every organisation has its recipient topic and DLQ; every internal topic its DLQ', () => {
    const names = kafkaTopics(organisations).map((t) => t.metadata.name);
    for (const topic of [...RECIPIENTS, 'selvbook.citizen.v1', 'selvbook.booking.v1']) {
      expect(names).toContain(topic);
      expect(names).toContain(`${topic}.dlq`);
    }
  });

  it.each([
    ['akasse-3f', 'selvbook.akasse.3f.v1'],
    ['akasse-ca', 'selvbook.akasse.ca.v1'],
    ['jobcenter-10101', 'selvbook.jobcenter.10101.v1'],
    ['jobcenter-75101', 'selvbook.jobcenter.75101.v1'],
  ])('recipient %s reads its own topic and nothing else', (user, topic) => {
    const acls = aclsOf(user);
    expect(topicsWith(acls, 'Read')).toEqual([topic]);
    expect(acls.filter((a) => a.resource.type === 'topic' && a.resource.patternType !== 'literal')).toEqual([]);
    expect(acls.filter((a) => a.resource.type === 'group')).toEqual([
      { resource: { type: 'group', name: `${user}-`, patternType: 'prefix' }, operations: ['Read'] },
    ]);
    // its systems feed the citizen topic; no recipient topic is writable by an organisation
    expect(topicsWith(acls, 'Write')).toEqual(['selvbook.citizen.v1']);
  });

  // Written out by hand from the design (README's table), so the generator is checked, not restated.
  it.each([
    ['schedule-service', ['selvbook.citizen.v1'], ['selvbook.citizen.v1.dlq', 'selvbook.schedule.v1', ...RECIPIENTS]],
    [
      'deadline-service',
      ['selvbook.booking.v1', 'selvbook.citizen.v1', 'selvbook.schedule.v1'],
      [
        'selvbook.booking.v1.dlq',
        'selvbook.citizen.v1.dlq',
        'selvbook.deadline.v1',
        'selvbook.schedule.v1.dlq',
        ...RECIPIENTS,
      ],
    ],
    ['booking-service', ['selvbook.deadline.v1'], ['selvbook.booking.v1', 'selvbook.deadline.v1.dlq', ...RECIPIENTS]],
    [
      'notification-service',
      ['selvbook.booking.v1', 'selvbook.citizen.v1', 'selvbook.deadline.v1', 'selvbook.schedule.v1'],
      [
        'selvbook.booking.v1.dlq',
        'selvbook.citizen.v1.dlq',
        'selvbook.deadline.v1.dlq',
        'selvbook.jobcenter.10101.v1',
        'selvbook.jobcenter.75101.v1',
        'selvbook.notification.v1',
        'selvbook.schedule.v1.dlq',
      ],
    ],
  ])('%s reads exactly its subscriptions and writes exactly what it produces', (service, reads, writes) => {
    const acls = aclsOf(`selvbook-${service}`);
    expect(topicsWith(acls, 'Read')).toEqual([...reads].sort());
    expect(topicsWith(acls, 'Write')).toEqual([...writes].sort());
    expect(acls.filter((a) => a.resource.type === 'group')).toEqual([
      { resource: { type: 'group', name: service, patternType: 'literal' }, operations: ['Read'] },
    ]);
  });

  it('a new organisation gets its topic, its user, and the services may write to it', () => {
    const more: Organisations = {
      ...organisations,
      akasser: [...organisations.akasser, { id: 'krifa', name: 'Krifa' }],
    };
    const topics = kafkaTopics(more).map((t) => t.metadata.name);
    expect(topics).toEqual(expect.arrayContaining(['selvbook.akasse.krifa.v1', 'selvbook.akasse.krifa.v1.dlq']));
    const created = kafkaUsers(more);
    expect(created.map((u) => u.metadata.name)).toContain('akasse-krifa');
    const deadline = (
      created.find((u) => u.metadata.name === 'selvbook-deadline-service')!.spec.authorization as { acls: Acl[] }
    ).acls;
    expect(topicsWith(deadline, 'Write')).toContain('selvbook.akasse.krifa.v1');
  });

  it('refuses a malformed jobcenter code instead of generating a topic for it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'selvbook-orgs-')), 'organisations.yaml');
    writeFileSync(file, 'jobcenters:\n  - { code: "1010", name: Typo }\nakasser: []\n');
    expect(() => readOrganisations(file)).toThrow('invalid jobcenterCode "1010"');
  });
});
