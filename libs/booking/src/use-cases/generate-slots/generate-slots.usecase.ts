import { ReadPool } from '@selvbook/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { expandWeeklyTemplate } from '../../domain/slot-template';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { closingDaysOf } from '../../infrastructure/slot-store';
import { calendarFor } from '../create-calendar/create-calendar.usecase';
import { PublishSlotsCommand } from '../publish-slots/publish-slots.command';
import { PublishSlotsUseCase } from '../publish-slots/publish-slots.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { GenerateSlotsCommand } from './generate-slots.command';

/**
 * Generates slots from a weekly opening template (Europe/Copenhagen wall-clock times), skipping public
 * holidays and the organisation's closing days. Running it twice over the same window adds nothing:
 * times that overlap an existing slot of the calendar are skipped.
 */
@Injectable()
export class GenerateSlotsUseCase extends BookingUseCase {
  constructor(
    dataSource: DataSource,
    clock: Clock,
    @Inject(BOOKING_SETTINGS) settings: BookingSettings,
    reads: ReadPool,
    private readonly publish: PublishSlotsUseCase,
  ) {
    super(dataSource, clock, settings, reads);
  }

  async execute(command: GenerateSlotsCommand): Promise<{ created: number; skipped: number; slotIds: string[] }> {
    const calendar = await calendarFor(this.dataSource, command.principal, command.calendarId);
    const closingDays = await closingDaysOf(this.dataSource, calendar.org_kind, calendar.org_code);
    let times;
    try {
      const now = this.clock.now();
      times = expandWeeklyTemplate(command.template, { ...command.window, closingDays }).filter(
        (t) => t.startsAt > now,
      );
    } catch (error) {
      throw new DomainProblem(400, (error as Error).message, 'invalid-template');
    }
    const result = await this.publish.execute(
      new PublishSlotsCommand(command.principal, command.calendarId, command.attributes, times, true),
    );
    return { created: result.created.length, skipped: result.skipped, slotIds: result.created.map((s) => s.id) };
  }
}
