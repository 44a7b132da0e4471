import { gaugeIn } from '@selvbook/platform';
import type { Registry } from 'prom-client';

/** The service's Kafka clients whose connection is tracked: the outbox relay's producer and the inbox consumer. */
export type KafkaClientRole = 'producer' | 'consumer';

export interface KafkaClientState {
  status: 'up' | 'down';
  /** When the client last changed state. */
  since: string;
  /** Why it is down. */
  message?: string;
}

export type KafkaReport = {
  /** Down when any client is down. */
  status: 'up' | 'down';
  clients: Partial<Record<KafkaClientRole, KafkaClientState>>;
};

/**
 * Whether each Kafka client of this service is connected, as its own work last showed: the producer by its
 * last connect or publish, the consumer by joining its group, fetching and heartbeats (up) or crashing (down).
 * Reported in the readiness body and as `selvbook_kafka_connected{role}`, never as readiness: while the broker
 * is away the API still serves and writes wait in the outbox.
 */
export class KafkaConnectivity {
  private readonly states = new Map<KafkaClientRole, KafkaClientState>();

  constructor(roles: KafkaClientRole[], metrics?: Registry) {
    for (const role of roles)
      this.states.set(role, { status: 'down', since: new Date().toISOString(), message: 'not connected yet' });
    if (metrics) {
      const states = this.states;
      gaugeIn(metrics, {
        name: 'selvbook_kafka_connected',
        help: "1 while this replica's Kafka client of that role is connected to the broker, 0 while not",
        labelNames: ['role'],
        collect() {
          for (const [role, state] of states) this.set({ role }, state.status === 'up' ? 1 : 0);
        },
      });
    }
  }

  up(role: KafkaClientRole): void {
    const state = this.states.get(role);
    if (state?.status !== 'up') this.states.set(role, { status: 'up', since: new Date().toISOString() });
  }

  down(role: KafkaClientRole, reason: unknown): void {
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const state = this.states.get(role);
    this.states.set(role, {
      status: 'down',
      since: state?.status === 'down' ? state.since : new Date().toISOString(),
      message,
    });
  }

  isUp(role: KafkaClientRole): boolean {
    return this.states.get(role)?.status === 'up';
  }

  report(): KafkaReport {
    const clients = Object.fromEntries(this.states) as KafkaReport['clients'];
    const status = [...this.states.values()].every((s) => s.status === 'up') ? 'up' : 'down';
    return { status, clients };
  }
}
