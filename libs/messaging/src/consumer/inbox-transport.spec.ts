import { Controller, INestMicroservice, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  BookingBookedData,
  BookingBookedEvent,
  BookingCancelledData,
  BookingCancelledEvent,
  CitizenRegisteredData,
  CitizenRegisteredEvent,
  defineEvent,
  EventEnvelope,
  Topics,
} from '@selvbook/contracts';
import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { NonRetryableError } from './errors';
import { EventHandler } from './event-consumer';
import { InboxConsumer, InboxTransport } from './inbox-transport';
import { InboxContext, OnEvent } from './on-event';

const NOW = new Date('2026-03-02T09:00:00Z');
const TX = { marker: 'the inbox transaction' } as unknown as EntityManager;

interface Started {
  handlers: Record<string, EventHandler>;
  topics: string[];
  consumer: InboxConsumer & { starts: number; stops: number };
}

function transport(allowedTopics: readonly string[] = [Topics.booking, Topics.citizen]) {
  const started: Started[] = [];
  const inbox = new InboxTransport({
    serviceName: 'test-service',
    allowedTopics,
    now: () => NOW,
    logger: pino({ level: 'silent' }),
    createConsumer: (handlers, topics) => {
      const consumer = {
        starts: 0,
        stops: 0,
        async start() {
          consumer.starts++;
        },
        async stop() {
          consumer.stops++;
        },
      };
      started.push({ handlers, topics, consumer });
      return consumer;
    },
  });
  return { inbox, started };
}

/** A standalone Nest microservice on the transport, with these controllers; init registers their handlers. */
async function boot(inbox: InboxTransport, ...controllers: Type[]): Promise<INestMicroservice> {
  @Module({ controllers })
  class TestModule {}
  const app = await NestFactory.createMicroservice(TestModule, { strategy: inbox, logger: false, abortOnError: false });
  await app.init();
  return app;
}

function envelope<T>(type: string, data: T, version = 1): EventEnvelope<T> {
  const citizenId = (data as { citizenId: string }).citizenId;
  return {
    id: '0b9f3f0e-6c1d-4c53-9d4a-1d2c3b4a5f60',
    type,
    version,
    occurredAt: '2026-03-02T08:59:00Z',
    source: 'booking-service',
    subject: citizenId,
    correlationId: '5d1e2c3b-4a5f-4c53-9d4a-0b9f3f0e6c1d',
    data,
  };
}

const booked = { citizenId: 'a7c1b5de-0b9f-4c53-9d4a-1d2c3b4a5f60', bookingId: 'b1' } as BookingBookedData;

describe('InboxTransport: @OnEvent handlers over the inbox consumer', () => {
  it('hands each event its typed data and a context with the envelope, inbox transaction and clock', async () => {
    const calls: Array<{ data: BookingBookedData; ctx: InboxContext<BookingBookedData> }> = [];
    @Controller()
    class BookingHandlers {
      @OnEvent(BookingBookedEvent)
      async booked(data: BookingBookedData, ctx: InboxContext<BookingBookedData>): Promise<void> {
        calls.push({ data, ctx });
      }
    }
    const { inbox } = transport();
    const app = await boot(inbox, BookingHandlers);

    expect([...inbox.getHandlers().keys()]).toEqual(['booking.booked']);
    const event = envelope('booking.booked', booked);
    await inbox.eventHandlers()['booking.booked'](event, TX);

    expect(calls).toHaveLength(1);
    expect(calls[0].data).toBe(booked);
    expect(calls[0].ctx).toBeInstanceOf(InboxContext);
    expect(calls[0].ctx.envelope).toBe(event);
    expect(calls[0].ctx.tx).toBe(TX);
    expect(calls[0].ctx.now).toEqual(NOW);
    await app.close();
  });

  it('checks the payload type at compile time', () => {
    @Controller()
    class Mistyped {
      // @ts-expect-error booking.booked carries BookingBookedData, not BookingCancelledData
      @OnEvent(BookingBookedEvent) async booked(_data: BookingCancelledData): Promise<void> {}
      // @ts-expect-error a handler returns a promise (it runs inside the inbox transaction)
      @OnEvent(BookingCancelledEvent) cancelled(_data: BookingCancelledData): void {}
    }
    expect(Mistyped).toBeDefined();
  });

  it('subscribes to exactly the topics of the handled types, and starts once listening and bootstrapped', async () => {
    @Controller()
    class Handlers {
      @OnEvent(BookingBookedEvent) async booked(_data: BookingBookedData): Promise<void> {}
      @OnEvent(BookingCancelledEvent) async cancelled(_data: BookingCancelledData): Promise<void> {}
      @OnEvent(CitizenRegisteredEvent) async registered(_data: CitizenRegisteredData): Promise<void> {}
    }
    const { inbox, started } = transport([Topics.schedule, Topics.booking, Topics.citizen]);
    const app = await boot(inbox, Handlers);
    expect(inbox.topics().sort()).toEqual([Topics.booking, Topics.citizen]);

    await app.listen(); // Nest's own listen: the transport listens, but the app has not bootstrapped yet
    expect(started).toHaveLength(0);
    inbox.ready();
    inbox.ready();
    expect(started).toHaveLength(1);
    expect(started[0].topics.sort()).toEqual([Topics.booking, Topics.citizen]);
    expect(Object.keys(started[0].handlers).sort()).toEqual([
      'booking.booked',
      'booking.cancelled',
      'citizen.registered',
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started[0].consumer.starts).toBe(1);

    await app.close(); // Nest closes the transport: the consumer stops
    expect(started[0].consumer.stops).toBe(1);
  });

  it('starts no consumer for a service without handlers', async () => {
    const { inbox, started } = transport();
    const app = await boot(inbox);
    await app.listen();
    inbox.ready();
    expect(started).toHaveLength(0);
    await app.close();
  });

  it('fails the boot for a handler of an unknown event type', async () => {
    class UnheardOfData {
      citizenId: string;
    }
    const UnheardOf = defineEvent({
      type: 'booking.unheard-of',
      version: 1,
      topic: Topics.booking,
      dataClass: UnheardOfData,
      description: 'not registered',
    });
    @Controller()
    class Unknown {
      @OnEvent(UnheardOf) async unheardOf(_data: UnheardOfData): Promise<void> {}
    }
    await expect(boot(transport().inbox, Unknown)).rejects.toThrow(
      'test-service: Unknown.unheardOf handles unknown event type booking.unheard-of@1',
    );

    @Controller()
    class Misspelt {
      @EventPattern('booking.bokked') async booked(): Promise<void> {}
    }
    await expect(boot(transport().inbox, Misspelt)).rejects.toThrow(
      'test-service: a handler for unknown event type booking.bokked',
    );
  });

  it('fails the boot for two handlers of one type in one service', async () => {
    @Controller()
    class First {
      @OnEvent(BookingBookedEvent) async booked(_data: BookingBookedData): Promise<void> {}
    }
    @Controller()
    class Second {
      @OnEvent(BookingBookedEvent) async alsoBooked(_data: BookingBookedData): Promise<void> {}
    }
    await expect(boot(transport().inbox, First, Second)).rejects.toThrow(
      'test-service: two handlers for booking.booked: First.booked and Second.alsoBooked',
    );
  });

  it('fails the boot in a hybrid HTTP app too, when the transport is connected', async () => {
    @Controller()
    class First {
      @OnEvent(BookingBookedEvent) async booked(_data: BookingBookedData): Promise<void> {}
      @OnEvent(BookingBookedEvent) async again(_data: BookingBookedData): Promise<void> {}
    }
    @Module({ controllers: [First] })
    class HttpModule {}
    // abortOnError: false to see the error; a service (createServiceApp) logs it and exits 1
    const app = await NestFactory.create(HttpModule, new FastifyAdapter(), { logger: false, abortOnError: false });
    expect(() => app.connectMicroservice({ strategy: transport().inbox })).toThrow(
      'two handlers for booking.booked: First.booked and First.again',
    );
    await app.close();
  });

  it('fails the boot for a handler of an event on a topic the service does not read, or of a request', async () => {
    @Controller()
    class Citizens {
      @OnEvent(CitizenRegisteredEvent) async registered(_data: CitizenRegisteredData): Promise<void> {}
    }
    await expect(boot(transport([Topics.booking]).inbox, Citizens)).rejects.toThrow(
      'Citizens.registered handles citizen.registered on selvbook.citizen.v1, ' +
        "which the service's subscriptions (selvbook.booking.v1) do not include",
    );
    @Controller()
    class Requests {
      @MessagePattern('booking.booked') async answer(): Promise<string> {
        return 'no';
      }
    }
    await expect(boot(transport().inbox, Requests)).rejects.toThrow('the inbox transport carries events, not requests');
  });

  it("passes a handler's error to the consumer unchanged, so its retry and DLQ path decide", async () => {
    const refusal = new NonRetryableError('booking for an unknown slot');
    const failure = new Error('database went away');
    let next: Error = refusal;
    @Controller()
    class Throwing {
      @OnEvent(BookingBookedEvent)
      async booked(_data: BookingBookedData): Promise<void> {
        throw next;
      }
    }
    const { inbox } = transport();
    const app = await boot(inbox, Throwing);
    const handle = inbox.eventHandlers()['booking.booked'];
    await expect(handle(envelope('booking.booked', booked), TX)).rejects.toBe(refusal);
    next = failure;
    await expect(handle(envelope('booking.booked', booked), TX)).rejects.toBe(failure);
    await app.close();
  });

  it('refuses (for the DLQ) a version of the type other than the one the handler is typed for', async () => {
    const calls: unknown[] = [];
    @Controller()
    class Handlers {
      @OnEvent(BookingBookedEvent) async booked(data: BookingBookedData): Promise<void> {
        calls.push(data);
      }
    }
    const { inbox } = transport();
    const app = await boot(inbox, Handlers);
    await expect(
      inbox.eventHandlers()['booking.booked'](envelope('booking.booked', booked, 2), TX),
    ).rejects.toBeInstanceOf(NonRetryableError);
    expect(calls).toHaveLength(0);
    await app.close();
  });
});
