import { EventDefinition } from '../define-event';
import { EventEnvelope } from '../envelope';

/** A valid envelope around a definition's example (spec helper; not exported from the library). */
export function sampleEvent(def: EventDefinition, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  if (!def.example) throw new Error(`${def.type}@${def.version} has no example`);
  const data = structuredClone(def.example) as Record<string, unknown>;
  return {
    id: '11111111-2222-4333-8444-555555555555',
    type: def.type,
    version: def.version,
    occurredAt: '2024-05-28T00:00:05.123Z',
    source: 'test-service',
    subject: data[def.subject ?? 'citizenId'] as string,
    correlationId: '66666666-7777-4888-9999-000000000000',
    causationId: null,
    data,
    ...overrides,
  };
}

/** A value of the wrong JSON type for `value`. */
export function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not-a-number';
  if (typeof value === 'boolean') return 'yes';
  return 'not-an-object';
}

type Container = Record<string, unknown>;

function parentOf(root: unknown, path: string): [Container, string] {
  const keys = path.split('.');
  const last = keys.pop()!;
  let node = root as Container;
  for (const key of keys) node = node[key] as Container;
  return [node, last];
}

/** Sets a value by dotted path (`conversations.0.guidingDate`) in a JSON-like object. */
export function setPath(root: unknown, path: string, value: unknown): void {
  const [parent, key] = parentOf(root, path);
  parent[key] = value;
}

export function deletePath(root: unknown, path: string): void {
  const [parent, key] = parentOf(root, path);
  delete parent[key];
}

export function without<T extends object, K extends keyof T>(obj: T, key: K): Omit<T, K> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}
