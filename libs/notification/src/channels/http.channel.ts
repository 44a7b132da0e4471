import { NotificationChannel } from '@selvbook/contracts';
import { Channel, ChannelError, OutgoingMessage, SendResult } from './channel';

export interface HttpChannelOptions {
  /** base URL of the gateway; messages are POSTed to `<url>/messages` */
  url: string;
  timeoutMs?: number;
  /** optional bearer token for the gateway */
  token?: string;
}

/** HTTP answers: 2xx sent; 408, 429 and 5xx transient; other 4xx permanent (the request itself is wrong). */
export function classifyHttpStatus(status: number, service: string): ChannelError | undefined {
  if (status >= 200 && status < 300) return undefined;
  const transient = status === 408 || status === 429 || status >= 500;
  return new ChannelError(`${service}: HTTP ${status}`, !transient);
}

abstract class HttpChannel implements Channel {
  abstract readonly channel: NotificationChannel;
  protected abstract readonly service: string;

  constructor(protected readonly options: HttpChannelOptions) {}

  protected abstract body(message: OutgoingMessage): unknown;

  async send(message: OutgoingMessage): Promise<SendResult> {
    let response: Response;
    try {
      response = await fetch(
        new URL('messages', this.options.url.endsWith('/') ? this.options.url : `${this.options.url}/`),
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            // the gateway drops a repeated key: a resend after a crash is not a second message
            'idempotency-key': message.deliveryId,
            ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          },
          body: JSON.stringify(this.body(message)),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        },
      );
    } catch (error) {
      const name = (error as Error).name;
      throw new ChannelError(`${this.service}: ${name === 'TimeoutError' ? 'timed out' : 'unreachable'}`, false);
    }
    const failure = classifyHttpStatus(response.status, this.service);
    const text = await response.text().catch(() => '');
    if (failure) throw failure;
    let providerId: string | undefined;
    try {
      providerId = (JSON.parse(text) as { id?: string }).id;
    } catch {
      providerId = undefined;
    }
    return { providerId };
  }

  async close(): Promise<void> {}
}

/** SMS through an HTTP gateway: `POST <SMS_GATEWAY_URL>/messages {to, text, reference}`. */
export class SmsChannel extends HttpChannel {
  readonly channel = NotificationChannel.SMS;
  protected readonly service = 'SMS gateway';

  protected body(message: OutgoingMessage) {
    return { to: message.to, text: message.sms, reference: message.deliveryId };
  }
}

/**
 * Digital Post (the public digital mailbox) through an HTTP adapter: `POST <DIGITAL_POST_URL>/messages`.
 * The recipient is the pseudonymous citizenId; the adapter, which may hold the CPR number, resolves it.
 */
export class DigitalPostChannel extends HttpChannel {
  readonly channel = NotificationChannel.DIGITAL_POST;
  protected readonly service = 'Digital Post';

  protected body(message: OutgoingMessage) {
    return {
      recipient: { citizenId: message.to },
      reference: message.deliveryId,
      language: message.language,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.calendar
        ? [
            {
              filename: message.calendar.filename,
              contentType: 'text/calendar',
              content: Buffer.from(message.calendar.content).toString('base64'),
            },
          ]
        : [],
    };
  }
}
