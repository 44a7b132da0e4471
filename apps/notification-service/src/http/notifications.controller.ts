import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { NotificationChannel, NotificationKind } from '@selvbook/contracts';
import { DeliveryRunResult, NotificationLogQuery, NotificationLogView } from '@selvbook/notification';
import { CurrentPrincipal, Principal, Roles } from '@selvbook/platform';
import { DeliveryRunnerService } from '../timers/delivery-runner.service';

class DeliveryDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ enum: NotificationChannel }) channel: NotificationChannel;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'cancelled'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ description: 'next try (first send, retry with backoff, or the end of quiet hours)' })
  nextAttemptAt?: string;
  @ApiPropertyOptional({ description: 'what the channel answered last; never personal data' }) lastError?: string;
  @ApiPropertyOptional() sentAt?: string;
}

class NotificationDto {
  @ApiProperty() notificationId: string;
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty({ example: 'booking-receipt' }) template: string;
  @ApiProperty({
    enum: ['scheduled', 'planned', 'cancelled', 'no_contact', 'expired'],
    description:
      'scheduled: a reminder not yet due; expired: a reminder that came ' +
      'due after its meeting began or its deadline day ended, not sent',
  })
  status: string;
  @ApiProperty() dueAt: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() deadlineId?: string;
  @ApiPropertyOptional() bookingId?: string;
  @ApiProperty({ type: [DeliveryDto] }) deliveries: DeliveryDto[];
}

class NotificationLogDto {
  @ApiProperty() citizenId: string;
  @ApiProperty({ type: [NotificationDto] }) notifications: NotificationDto[];
}

class DeliveryRunDto {
  @ApiProperty() asOf: string;
  @ApiProperty({ description: 'messages expanded into deliveries' }) planned: number;
  @ApiProperty({ description: 'messages for citizens without digital contact' }) noContact: number;
  @ApiProperty({ description: 'reminders come due too late to remind of anything, not sent' }) expired: number;
  @ApiProperty() sent: number;
  @ApiProperty({ description: 'transient failures, retried later' }) retried: number;
  @ApiProperty({ description: 'permanent failures (notification.failed)' }) failed: number;
  @ApiProperty({ description: 'SMS deferred by quiet hours' }) deferred: number;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1')
export class NotificationsController {
  constructor(@Inject(NotificationLogQuery) private readonly log: NotificationLogQuery) {}

  @Get('citizens/:citizenId/notifications')
  @Roles('citizen', 'caseworker', 'system')
  @ApiOperation({
    summary: "A citizen's delivery log: every message, newest first, with each channel's state (no addresses)",
  })
  @ApiOkResponse({ type: NotificationLogDto })
  notifications(
    @CurrentPrincipal() principal: Principal,
    @Param('citizenId', new ParseUUIDPipe()) citizenId: string,
  ): Promise<NotificationLogView> {
    return this.log.forCitizen(principal, citizenId);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/delivery-runs')
export class DeliveryRunsController {
  constructor(private readonly runner: DeliveryRunnerService) {}

  @Post()
  @HttpCode(200)
  @Roles('system')
  @ApiOperation({
    summary: "Run the delivery timer now (at the service clock's now): due messages, reminders and retries",
  })
  @ApiOkResponse({ type: DeliveryRunDto })
  run(): Promise<DeliveryRunResult> {
    return this.runner.runNow();
  }
}
