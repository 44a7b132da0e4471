import { NotificationChannel } from '@selvbook/contracts';
import nodemailer, { Transporter } from 'nodemailer';
import { Channel, ChannelError, OutgoingMessage, SendResult } from './channel';

export interface EmailChannelOptions {
  /** smtp://[user:password@]host:port or smtps://… */
  url: string;
  from: string;
  /** pooled SMTP connections kept open */
  poolSize?: number;
  /** connection, greeting and socket time-out */
  timeoutMs?: number;
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROTOCOL',
  'ETLS',
]);

/** SMTP errors: 5xx replies are permanent (RFC 5321), 4xx and network failures transient. */
export function classifySmtpError(error: unknown): ChannelError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const code = e.responseCode;
  if (typeof code === 'number') {
    const permanent = code >= 500 && code < 600;
    return new ChannelError(`SMTP ${code}${e.code ? ` (${e.code})` : ''}`, permanent);
  }
  if (e.code && TRANSIENT_CODES.has(e.code)) return new ChannelError(`SMTP connection failed (${e.code})`, false);
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE')
    return new ChannelError(`SMTP refused the message (${e.code})`, true);
  return new ChannelError(`SMTP failed${e.code ? ` (${e.code})` : ''}`, false);
}

/** E-mail over SMTP with nodemailer's pooled transport: a few long-lived connections, many messages each. */
export class EmailChannel implements Channel {
  readonly channel = NotificationChannel.EMAIL;
  private readonly transporter: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const url = new URL(options.url);
    const secure = url.protocol === 'smtps:';
    const timeout = options.timeoutMs ?? 10_000;
    this.transporter = nodemailer.createTransport({
      pool: true,
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 25)),
      secure,
      maxConnections: options.poolSize ?? 5,
      maxMessages: Infinity,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      // a local relay without TLS is allowed (tests, the npm start mail sink); STARTTLS is used when offered
      ignoreTLS: url.searchParams.get('tls') === 'off',
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transporter.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Stable per delivery: a resend after a crash between send and commit carries the same Message-ID.
        messageId: `<${message.deliveryId}@selvbook.dk>`,
        headers: { 'X-Selvbook-Delivery': message.deliveryId, 'Content-Language': message.language },
        ...(message.calendar
          ? {
              icalEvent: {
                method: message.calendar.method,
                filename: message.calendar.filename,
                content: message.calendar.content,
              },
            }
          : {}),
      });
      return { providerId: info.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
