/**
 * Local stand-ins for the outside world, used by the tests, the benchmark and `npm start`:
 * - MailSink: a real SMTP server (smtp-server) on 127.0.0.1 that keeps every message, parsed (mailparser);
 *   it can be stopped and started again on the same port, and refuses recipients starting with "bounce" (550).
 * - GatewaySink: one HTTP server for the SMS gateway (`/sms/messages`) and Digital Post (`/digital-post/messages`);
 *   it answers 400 for the phone number +4500000400 and keeps everything else.
 */
import { ParsedMail, simpleParser } from 'mailparser';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export class MailSink {
  readonly messages: ParsedMail[] = [];
  /** raw count, including messages not parsed yet (the benchmark counts only) */
  received = 0;
  private server?: SMTPServer;

  constructor(
    private readonly options: { parse?: boolean; onMessage?: (raw: Buffer) => void } = {},
    public port = 0,
  ) {}

  async start(): Promise<this> {
    const parse = this.options.parse ?? true;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (address.address.startsWith('bounce')) {
          callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        } else callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          this.received++;
          this.options.onMessage?.(raw);
          if (parse)
            simpleParser(raw).then(
              (m) => void this.messages.push(m),
              () => undefined,
            );
          callback();
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const s = this.server!.server;
      s.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => {
        s.off('error', reject);
        this.port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}?tls=off`;
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => {
      const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
      return to.some((a) => a.value.some((v) => v.address === address));
    });
  }
}

export interface GatewayRequest {
  path: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
}

export class GatewaySink {
  readonly sms: GatewayRequest[] = [];
  readonly digitalPost: GatewayRequest[] = [];
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const entry = {
          path: req.url ?? '',
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body,
        };
        if (req.method === 'POST' && req.url === '/sms/messages') {
          if (body.to === '+4500000400') {
            res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid number"}');
            return;
          }
          this.sms.push(entry);
        } else if (req.method === 'POST' && req.url === '/digital-post/messages') {
          this.digitalPost.push(entry);
        } else {
          res.writeHead(404).end();
          return;
        }
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: `msg-${entry.idempotencyKey}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get smsUrl(): string {
    return `http://127.0.0.1:${this.port}/sms`;
  }

  get digitalPostUrl(): string {
    return `http://127.0.0.1:${this.port}/digital-post`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
