import { Inject, Injectable } from '@nestjs/common';
import { ReadPool } from '@selvbook/persistence';
import { Clock } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';

/**
 * What every booking use case works with: the database (through the stores in `infrastructure/`; the reads a
 * person waits on, slot search and the staff views, through `reads`), the service clock and the lib's
 * settings. A use case extends it and adds one public `execute(command)`; Nest injects them through this
 * constructor.
 */
@Injectable()
export abstract class BookingUseCase {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) protected readonly settings: BookingSettings,
    protected readonly reads: ReadPool,
  ) {}
}
