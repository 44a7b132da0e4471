import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { organisationOf } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { ensureOrganisation } from '../create-calendar/create-calendar.usecase';
import { inTransaction } from '../shared/transaction';
import { SetClosingDaysCommand } from './set-closing-days.command';

/** Local closing days (lukkedage) of an organisation: slot generation skips them. */
@Injectable()
export class SetClosingDaysUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: SetClosingDaysCommand): Promise<{ closingDays: string[] }> {
    const org = organisationOf(command.principal, command.organisation);
    const days = [...new Set(command.closingDays)].sort();
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const [before]: { closing_days: string[] }[] = await tx.query(
        `SELECT closing_days::text[] AS closing_days FROM organisation WHERE kind = $1 AND code = $2 FOR UPDATE`,
        [org.kind, org.code],
      );
      await tx.query(`UPDATE organisation SET closing_days = $3::date[] WHERE kind = $1 AND code = $2`, [org.kind, org.code, days]);
      await writeAudit(tx, command.principal, [{ action: 'organisation.closing-days', entityType: 'organisation', before: { ...org, closingDays: before.closing_days }, after: { ...org, closingDays: days } }]);
      return { closingDays: days };
    });
  }
}
