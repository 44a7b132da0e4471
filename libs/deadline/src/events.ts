/** The events this service produces, built from rows; correlation and causation come from the current context. */
import {
  AkasseCitizenDeregisteredEvent,
  AkasseDeadlineMissedEvent,
  AkasseNoShowEvent,
  createEvent,
  CreateEventMeta,
  envelopeFor,
  DeadlineClosedEvent,
  DeadlineExpiredEvent,
  DeadlineFulfilledEvent,
  DeadlineOpenedEvent,
  DeadlineReopenedEvent,
  DeregistrationReason,
  EventDefinition,
  EventEnvelope,
  ImmediateBookingClearedEvent,
  ImmediateBookingClearedReason,
  ImmediateBookingRequiredEvent,
  SummonsRequestedEvent,
} from '@selvbook/contracts';
import { currentContext } from '@selvbook/platform';

export const DEADLINE_SERVICE = 'deadline-service';

/** Who an event is about, with the organisations that receive it (akasseId only when there is one). */
export interface Org {
  citizenId: string;
  jobcenterCode: string;
  akasseId?: string | null;
}

export function orgOf(o: Org): { citizenId: string; jobcenterCode: string; akasseId?: string } {
  return o.akasseId
    ? { citizenId: o.citizenId, jobcenterCode: o.jobcenterCode, akasseId: o.akasseId }
    : { citizenId: o.citizenId, jobcenterCode: o.jobcenterCode };
}

/** A deadline event's data: about one citizen, whose id is the event's subject. */
type CitizenEventData<T> = T & { citizenId: string };

export function build<T extends object>(
  def: EventDefinition<T>,
  data: CitizenEventData<T>,
  now: Date,
): EventEnvelope<T> {
  return createEvent(def, data, sentNow(data, now));
}

/**
 * The same envelope without validating here: for the expiry runner's hot path, whose events all go straight
 * into appendToOutbox, which validates every event strictly against its contract before writing it.
 * (createEvent would validate each one a second time.)
 */
export function buildForOutbox<T extends object>(
  def: EventDefinition<T>,
  data: CitizenEventData<T>,
  now: Date,
): EventEnvelope<T> {
  return envelopeFor(def, data, sentNow(data, now));
}

/** Sent by this service about the citizen at `now`, in the correlation and causation of the current context. */
function sentNow(data: { citizenId: string }, now: Date): CreateEventMeta {
  const context = currentContext();
  return {
    subject: data.citizenId,
    source: DEADLINE_SERVICE,
    occurredAt: now,
    correlationId: context?.correlationId,
    causationId: context?.causationId ?? null,
  };
}

export const Events = {
  opened: DeadlineOpenedEvent,
  fulfilled: DeadlineFulfilledEvent,
  reopened: DeadlineReopenedEvent,
  closed: DeadlineClosedEvent,
  expired: DeadlineExpiredEvent,
  summons: SummonsRequestedEvent,
  immediateRequired: ImmediateBookingRequiredEvent,
  immediateCleared: ImmediateBookingClearedEvent,
  akasseMissed: AkasseDeadlineMissedEvent,
  akasseNoShow: AkasseNoShowEvent,
  akasseDeregistered: AkasseCitizenDeregisteredEvent,
} as const;

export { DeregistrationReason, ImmediateBookingClearedReason };
