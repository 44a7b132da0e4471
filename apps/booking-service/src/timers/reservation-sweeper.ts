import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ExpireReservationsUseCase } from '@selvbook/booking';
import { runsBackgroundWork } from '@selvbook/platform';
import { BookingConfig } from '../booking.config';

/** Gives the seats of lapsed reservations back, every few seconds. */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly logger = new Logger('reservation-sweeper');

  constructor(
    private readonly expire: ExpireReservationsUseCase,
    @Inject(BookingConfig) private readonly config: BookingConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsBackgroundWork(this.config)) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.expire
        .execute()
        .catch((error: unknown) => this.logger.warn(`sweep failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.RESERVATION_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
