import { ReminderPolicy } from '@selvbook/notification';
import { BaseServiceConfig } from '@selvbook/platform';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => value === true || value === 'true' || value === '1';
const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/** Notification service settings, validated at boot; every default works on a developer machine. */
export class NotificationConfig extends BaseServiceConfig {
  override PORT = 3004;

  /** SMTP relay: smtp://[user:pass@]host:port (STARTTLS when offered; `?tls=off` never), or smtps://… */
  @Matches(/^smtps?:\/\/[^\s/]+(:\d+)?\/?(\?[^\s]*)?$/, {
    message: 'SMTP_URL must be smtp://host:port or smtps://host:port',
  })
  SMTP_URL = 'smtp://127.0.0.1:2525';

  /** Sender address of e-mail, and the ORGANIZER of calendar files. */
  @IsEmail({ require_tld: false })
  SMTP_FROM_ADDRESS = 'no-reply@selvbook.dk';

  /** Sender name of e-mail. */
  @IsString()
  SMTP_FROM_NAME = 'Jobcenter (Selvbook)';

  /** Pooled SMTP connections kept open by this process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_POOL_SIZE = 5;

  /** SMS gateway adapter: messages are POSTed to `<url>/messages`. */
  @IsUrl(HTTP_URL)
  SMS_GATEWAY_URL = 'http://127.0.0.1:2580/sms';

  /** Digital Post adapter: messages are POSTed to `<url>/messages`. */
  @IsUrl(HTTP_URL)
  DIGITAL_POST_URL = 'http://127.0.0.1:2580/digital-post';

  /** Time-out of one send on any channel. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  CHANNEL_TIMEOUT_MS = 10_000;

  /** The link to booking on Jobnet in every message. */
  @IsUrl(HTTP_URL)
  BOOKING_URL = 'https://job.jobnet.dk/selvbook';

  /** Days before deadlineDate a deadline reminder goes out, comma-separated. */
  @Matches(/^\d{1,2}(,\d{1,2})*$/, { message: 'DEADLINE_REMINDER_DAYS must be days, comma-separated (e.g. 3,1)' })
  DEADLINE_REMINDER_DAYS = '3,1';

  /** Europe/Copenhagen hour at which a deadline reminder goes out. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  DEADLINE_REMINDER_HOUR = 9;

  /** Hours before a meeting its reminder goes out. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  MEETING_REMINDER_HOURS = 24;

  /** No SMS from this Europe/Copenhagen hour … */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  QUIET_HOURS_START = 22;

  /** … until this one; deferred, not dropped. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  QUIET_HOURS_END = 7;

  /** First retry after a transient failure after this long; doubled per attempt up to RETRY_MAX_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RETRY_BASE_MS = 30_000;

  /** The longest wait between two attempts. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  RETRY_MAX_MS = 3_600_000;

  /** Attempts in all before a transient failure is given up (notification.failed). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_ATTEMPTS = 8;

  /** Run the delivery timer loop in this process (every replica may: claims use SKIP LOCKED). */
  @Transform(toBoolean)
  @IsBoolean()
  DELIVERY_RUNNER_ENABLED = true;

  /** How often the loop looks for due messages and retries; commits in this process wake it at once. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  DELIVERY_RUN_INTERVAL_MS = 5_000;

  /** Deliveries claimed and sent per transaction. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DELIVERY_BATCH_SIZE = 100;

  /** Delivery batches in flight at once in this process (each its own transaction and connection). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  DELIVERY_CONCURRENCY = 2;

  /** How long a message waits for a citizen's contact details to arrive before the jobcenter is told. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CONTACT_WAIT_MS = 600_000;

  /** … looking again this often. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  CONTACT_RECHECK_MS = 30_000;
}

export function reminderPolicyFromConfig(config: NotificationConfig): ReminderPolicy {
  return {
    deadlineReminderDays: [...new Set(config.DEADLINE_REMINDER_DAYS.split(',').map(Number))].sort((a, b) => b - a),
    deadlineReminderHour: config.DEADLINE_REMINDER_HOUR,
    meetingReminderHours: config.MEETING_REMINDER_HOURS,
  };
}
