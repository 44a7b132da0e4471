import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { NotificationChannel, NotificationKind } from '@selvbook/contracts';
import { assertSelfOrStaff, Principal } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { contactJobcenter, notificationLog } from '../persistence/notification-store';

export interface DeliveryView {
  deliveryId: string;
  channel: NotificationChannel;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  sentAt?: string;
}

export interface NotificationView {
  notificationId: string;
  kind: NotificationKind;
  template: string;
  /**
   * scheduled (a reminder not yet due), planned (deliveries made),
   * cancelled, no_contact, expired (a reminder due too late, not sent)
   */
  status: 'scheduled' | 'planned' | 'cancelled' | 'no_contact' | 'expired';
  dueAt: string;
  createdAt: string;
  deadlineId?: string;
  bookingId?: string;
  deliveries: DeliveryView[];
}

export interface NotificationLogView {
  citizenId: string;
  notifications: NotificationView[];
}

/** The delivery log of one citizen: every message, newest first, with each channel's state. Addresses are not shown. */
@Injectable()
export class NotificationLogQuery {
  constructor(private readonly dataSource: DataSource) {}

  async forCitizen(principal: Principal, citizenId: string, limit = 200): Promise<NotificationLogView> {
    assertSelfOrStaff(principal, citizenId);
    const rows = await notificationLog(this.dataSource, citizenId, limit);
    if (principal.role === 'caseworker') {
      const contactJobcenterCode = await contactJobcenter(this.dataSource, citizenId);
      const jobcenter = contactJobcenterCode ?? rows[0]?.jobcenterCode;
      if (!jobcenter) throw new NotFoundException('no notifications are known for this citizen');
      if (jobcenter !== principal.jobcenterCode)
        throw new ForbiddenException("a caseworker may only see their own jobcenter's citizens");
    }
    return {
      citizenId,
      notifications: rows.map((r) => ({
        notificationId: r.id,
        kind: r.kind,
        template: r.template,
        status: r.status,
        dueAt: new Date(r.dueAt).toISOString(),
        createdAt: new Date(r.createdAt).toISOString(),
        ...(r.deadlineId ? { deadlineId: r.deadlineId } : {}),
        ...(r.bookingId ? { bookingId: r.bookingId } : {}),
        deliveries: (r.deliveries ?? []).map((d) => ({
          deliveryId: d.id,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          ...(d.nextAttemptAt ? { nextAttemptAt: new Date(d.nextAttemptAt).toISOString() } : {}),
          ...(d.lastError ? { lastError: d.lastError } : {}),
          ...(d.sentAt ? { sentAt: new Date(d.sentAt).toISOString() } : {}),
        })),
      })),
    };
  }
}
