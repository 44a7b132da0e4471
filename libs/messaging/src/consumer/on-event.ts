import { applyDecorators, ArgumentsHost, Catch, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { BaseRpcContext, Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { PARAM_ARGS_METADATA } from '@nestjs/microservices/constants';
import type { EventDefinition, EventEnvelope } from '@selvbook/contracts';
import { Observable, throwError } from 'rxjs';
import type { EntityManager } from 'typeorm';

/** The transport id of the inbox consumer: `@OnEvent` handlers are registered with this transport only. */
export const INBOX_TRANSPORT = Symbol('selvbook-inbox');

/** Keys of a handler's pattern extras, read by the transport at boot: its event definition and its name. */
export const EVENT_DEFINITION = 'selvbookEventDefinition';
export const HANDLER_NAME = 'selvbookHandlerName';

/**
 * What a handler gets besides the event's data: the envelope, the inbox transaction the event is recorded
 * in (do every write through it, so a redelivered event has no second effect) and the service clock's time
 * when the handler was called.
 */
export class InboxContext<T = unknown> extends BaseRpcContext<[EventEnvelope<T>, EntityManager, Date]> {
  /** The event as received: id, type, version, subject, occurredAt, correlation and causation ids, data. */
  get envelope(): EventEnvelope<T> {
    return this.args[0];
  }

  /** The inbox transaction. */
  get tx(): EntityManager {
    return this.args[1];
  }

  /** The service's Clock when the handler was called. */
  get now(): Date {
    return this.args[2];
  }
}

/**
 * Hands a handler's error to the transport unchanged. Nest's default RPC filter would replace it with
 * `{ status: 'error', message: 'Internal server error' }`; the consumer needs the error itself to retry it
 * or, for a NonRetryableError, dead-letter it at once with its reason.
 */
@Catch()
export class RethrowToInbox implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

const RETHROW = new RethrowToInbox();

type SamePayload<D, T> = [D] extends [T] ? ([T] extends [D] ? unknown : PayloadMismatch<T>) : PayloadMismatch<T>;
interface PayloadMismatch<T> {
  'the first parameter of an @OnEvent handler must be the data class of its event': T;
}

/**
 * Marks a controller method as the handler of one event type, e.g.
 * `@OnEvent(BookingBookedEvent) booked(data: BookingBookedData, ctx: InboxContext)`.
 * The payload type is checked against the definition's data class at compile time; the handler runs inside
 * the inbox transaction (`ctx.tx`) and may return a promise. Built on Nest's `@EventPattern`: the class is a
 * `@Controller()` in a module's `controllers`, and the inbox transport collects it as any transport would.
 * The method gets `(data, ctx)` without `@Payload()` and `@Ctx()`; with them, as they say.
 */
export function OnEvent<T extends object>(definition: EventDefinition<T>) {
  return <D>(
    target: object,
    key: string | symbol,
    descriptor: { value?: (data: D, ctx: InboxContext<T>) => Promise<unknown> } & SamePayload<D, T>,
  ): void => {
    const name = `${target.constructor.name}.${String(key)}`;
    // Parameter decorators ran first: none → the payload and the context, as the signature checked above says.
    if (!Reflect.getMetadata(PARAM_ARGS_METADATA, target.constructor, key)) {
      Payload()(target, key, 0);
      Ctx()(target, key, 1);
    }
    applyDecorators(
      EventPattern(definition.type, INBOX_TRANSPORT, { [EVENT_DEFINITION]: definition, [HANDLER_NAME]: name }),
      UseFilters(RETHROW),
      // a handler is no HTTP operation: its event's data class stays out of the service's OpenAPI document
      ApiExcludeEndpoint(),
    )(target, key, descriptor as PropertyDescriptor);
  };
}
