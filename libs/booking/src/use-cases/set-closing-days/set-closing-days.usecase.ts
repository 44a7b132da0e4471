import { Injectable } from '@nestjs/common';
import { organisationOf } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { closingDaysOf, setClosingDays } from '../../infrastructure/slot-store';
import { ensureOrganisation } from '../create-calendar/create-calendar.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { SetClosingDaysCommand } from './set-closing-days.command';

/** Local closing days (lukkedage) of an organisation: slot generation skips them. */
@Injectable()
export class SetClosingDaysUseCase extends BookingUseCase {
  async execute(command: SetClosingDaysCommand): Promise<{ closingDays: string[] }> {
    const org = organisationOf(command.principal, command.organisation);
    const days = [...new Set(command.closingDays)].sort();
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const before = await closingDaysOf(tx, org.kind, org.code, true);
      await setClosingDays(tx, org.kind, org.code, days);
      await writeAudit(tx, command.principal, [
        {
          action: 'organisation.closing-days',
          entityType: 'organisation',
          before: { ...org, closingDays: before },
          after: { ...org, closingDays: days },
        },
      ]);
      return { closingDays: days };
    });
  }
}
