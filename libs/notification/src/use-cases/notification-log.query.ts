import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { NotificationChannel, NotificationKind } from '@selvbook/contracts';
import { assertSelfOrStaff, Principal } from '@selvbook/platform';
import { DataSource } from 'typeorm';

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
  /** scheduled (a reminder not yet due), planned (deliveries made), cancelled, no_contact, expired (a reminder due too late, not sent) */
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

interface Row {
  id: string;
  kind: NotificationKind;
  template: string;
  status: NotificationView['status'];
  dueAt: Date;
  createdAt: Date;
  deadlineId: string | null;
  bookingId: string | null;
  jobcenterCode: string;
  deliveries: Array<{ id: string; channel: NotificationChannel; status: DeliveryView['status']; attempts: number; nextAttemptAt: string | null; lastError: string | null; sentAt: string | null }> | null;
}

/** The delivery log of one citizen: every message, newest first, with each channel's state. Addresses are not shown. */
@Injectable()
export class NotificationLogQuery {
  constructor(private readonly dataSource: DataSource) {}

  async forCitizen(principal: Principal, citizenId: string, limit = 200): Promise<NotificationLogView> {
    assertSelfOrStaff(principal, citizenId);
    const rows: Row[] = await this.dataSource.query(
      `SELECT n.id, n.kind, n.template, n.status, n.due_at AS "dueAt", n.created_at AS "createdAt", n.deadline_id AS "deadlineId",
              n.booking_id AS "bookingId", n.jobcenter_code AS "jobcenterCode",
              (SELECT json_agg(json_build_object('id', d.id, 'channel', d.channel, 'status', d.status, 'attempts', d.attempts,
                        'nextAttemptAt', d.next_attempt_at, 'lastError', d.last_error, 'sentAt', d.sent_at) ORDER BY d.channel)
                 FROM notification_delivery d WHERE d.notification_id = n.id) AS deliveries
         FROM notification n WHERE n.citizen_id = $1 ORDER BY n.created_at DESC, n.due_at DESC LIMIT $2`,
      [citizenId, limit],
    );
    if (principal.role === 'caseworker') {
      const [contact]: Array<{ jobcenterCode: string | null }> = await this.dataSource.query(
        `SELECT jobcenter_code AS "jobcenterCode" FROM notification_contact WHERE citizen_id = $1`,
        [citizenId],
      );
      const jobcenter = contact?.jobcenterCode ?? rows[0]?.jobcenterCode;
      if (!jobcenter) throw new NotFoundException('no notifications are known for this citizen');
      if (jobcenter !== principal.jobcenterCode) throw new ForbiddenException("a caseworker may only see their own jobcenter's citizens");
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
