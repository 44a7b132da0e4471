import { IsNumber, Max, Min } from 'class-validator';
import { Doc, IsAkasseId, IsYearMonth } from '../../../validation/decorators';
import { CitizenRef } from '../../shared';

export class CitizenPaidHoursReportedData extends CitizenRef {
  @IsAkasseId() akasseId: string;
  @IsYearMonth() month: string;
  @Doc('dagpenge hours paid for the month; replaces the projection (and any earlier report for the month)')
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(744) // 31 days × 24 h
  hours: number;
}
