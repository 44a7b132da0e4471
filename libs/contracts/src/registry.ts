import { EventDefinition } from './define-event';
import * as events from './events';

/** Registry key of a definition. */
export const eventKey = (type: string, version: number): string => `${type}@${version}`;

const isDefinition = (v: unknown): v is EventDefinition =>
  typeof v === 'object' && v !== null && 'dataClass' in v && 'type' in v && 'version' in v;

/**
 * Every exported definition in `events/` is registered: adding an event folder and exporting it is all
 * it takes. Order follows the export order (it is the order of the AsyncAPI document).
 */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = Object.freeze(
  Object.values(events as Record<string, unknown>).filter(isDefinition),
);

function buildRegistry(definitions: readonly EventDefinition[]): ReadonlyMap<string, EventDefinition> {
  const registry = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    const key = eventKey(definition.type, definition.version);
    if (registry.has(key)) throw new Error(`event ${key} is defined twice`);
    registry.set(key, definition);
  }
  return registry;
}

export const EVENT_REGISTRY: ReadonlyMap<string, EventDefinition> = buildRegistry(EVENT_DEFINITIONS);

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return EVENT_REGISTRY.get(eventKey(type, version));
}

/** Versions known for a type, ascending (for "unknown version" reasons). */
export function knownVersions(type: string): number[] {
  return EVENT_DEFINITIONS.filter((d) => d.type === type)
    .map((d) => d.version)
    .sort((a, b) => a - b);
}
