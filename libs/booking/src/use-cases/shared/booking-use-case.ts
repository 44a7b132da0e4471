import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';

/**
 * What every booking use case works with: the database (through the stores in `infrastructure/`), the
 * service clock and the lib's settings. A use case extends it and adds one public `execute(command)`;
 * Nest injects the three through this constructor.
 */
@Injectable()
export abstract class BookingUseCase {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) protected readonly settings: BookingSettings,
  ) {}
}
