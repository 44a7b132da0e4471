import { NotificationChannel } from '@selvbook/contracts';

/** One message to one channel, rendered in the citizen's language. */
export interface OutgoingMessage {
  /** the delivery's id: the idempotency key given to the channel (Message-ID, Idempotency-Key) */
  deliveryId: string;
  citizenId: string;
  /** e-mail address, phone number, or the citizenId for Digital Post */
  to: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; filename: string; content: string };
}

export interface SendResult {
  /** the provider's id of the message, when it gives one */
  providerId?: string;
}

/** A way to reach a citizen. Errors are ChannelErrors that say whether trying again can help. */
export interface Channel {
  readonly channel: NotificationChannel;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): Promise<void>;
}

/**
 * A failed send. `permanent`: the same message will never succeed (bad address, refused content: 5xx SMTP,
 * 4xx HTTP); otherwise transient (connection refused, time-out, 4xx SMTP, 5xx/429 HTTP) and retried with
 * backoff. The message never contains personal data (no address, no text).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** Channels by name; a channel that is not configured is absent. */
export type ChannelSet = Partial<Record<NotificationChannel, Channel>>;
