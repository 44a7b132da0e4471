import { Controller } from '@nestjs/common';
import {
  CitizenContactGroupChangedData,
  CitizenContactGroupChangedEvent,
  CitizenConversationHeldData,
  CitizenConversationHeldEvent,
  CitizenDeregisteredData,
  CitizenDeregisteredEvent,
  CitizenExemptionEndedData,
  CitizenExemptionEndedEvent,
  CitizenExemptionGrantedData,
  CitizenExemptionGrantedEvent,
  CitizenPaidHoursReportedData,
  CitizenPaidHoursReportedEvent,
  CitizenRegisteredData,
  CitizenRegisteredEvent,
} from '@selvbook/contracts';
import { InboxContext, OnEvent } from '@selvbook/messaging';
import { RecordCitizenEventUseCase } from '@selvbook/schedule';

/** Citizen lifecycle input → the course use case; every relevant event recalculates. */
@Controller()
export class CitizenEvents {
  constructor(private readonly record: RecordCitizenEventUseCase) {}

  @OnEvent(CitizenRegisteredEvent)
  registered(data: CitizenRegisteredData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.registered', data, ctx.tx);
  }

  @OnEvent(CitizenContactGroupChangedEvent)
  contactGroupChanged(data: CitizenContactGroupChangedData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.contact-group-changed', data, ctx.tx);
  }

  @OnEvent(CitizenDeregisteredEvent)
  deregistered(data: CitizenDeregisteredData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.deregistered', data, ctx.tx);
  }

  @OnEvent(CitizenPaidHoursReportedEvent)
  paidHoursReported(data: CitizenPaidHoursReportedData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.paid-hours-reported', data, ctx.tx);
  }

  @OnEvent(CitizenConversationHeldEvent)
  conversationHeld(data: CitizenConversationHeldData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.conversation-held', data, ctx.tx);
  }

  @OnEvent(CitizenExemptionGrantedEvent)
  exemptionGranted(data: CitizenExemptionGrantedData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.exemption-granted', data, ctx.tx);
  }

  @OnEvent(CitizenExemptionEndedEvent)
  exemptionEnded(data: CitizenExemptionEndedData, ctx: InboxContext): Promise<void> {
    return this.record.execute('citizen.exemption-ended', data, ctx.tx);
  }
}
