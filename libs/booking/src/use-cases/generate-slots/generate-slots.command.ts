import { Principal } from '@selvbook/platform';
import { TemplateWindow, WeeklyTemplate } from '../../domain/slot-template';
import { SlotAttributes } from '../publish-slots/publish-slots.command';

export class GenerateSlotsCommand {
  constructor(
    readonly principal: Principal,
    readonly calendarId: string,
    readonly template: WeeklyTemplate,
    readonly window: Pick<TemplateWindow, 'from' | 'to'>,
    readonly attributes: SlotAttributes,
  ) {}
}
