import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" in services. Domain code takes `now` as an argument; services read it here,
 * so tests and the demo can move time (a month of a contact course in seconds) without touching code.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this process's time forward (tests, demo). Never used in production configuration. */
  advanceBy(ms: number): void {
    if (ms < 0) throw new Error('time only moves forward');
    this.offsetMs += ms;
  }

  /** Sets this process's time to `instant` (must not go back). */
  setTo(instant: Date): void {
    this.advanceBy(Math.max(0, instant.getTime() - this.now().getTime()));
  }
}
