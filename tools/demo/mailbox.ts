/**
 * The citizens' side of `npm start` and `npm run demo`: a local mail sink and a stand-in for the SMS gateway
 * and Digital Post, so the notification service has somewhere real to deliver to and a newcomer can read what
 * citizens were sent.
 *
 * - SMTP on 127.0.0.1 (the notification service's default `SMTP_URL` port, 2525, in `npm start`): every e-mail
 *   is written as an `.eml` file (open it in any mail client; the `.ics` receipts are inside).
 * - HTTP (the default gateway port, 2580): `POST /sms/messages` and `POST /digital-post/messages` are accepted
 *   (202, the `Idempotency-Key` honoured as a real gateway does) and written as `.json` files; `GET /` lists
 *   everything received, newest first, with links to each. An e-mail's link opens it as a page
 *   (`/email/<name>.html`: headers, text part, HTML part in a sandboxed frame, attachments as downloads, and
 *   the raw `.eml`).
 */
import { ParsedMail, simpleParser } from 'mailparser';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { MailSink } from '../../libs/notification/test/sinks';

export interface Received {
  channel: 'email' | 'sms' | 'digital-post';
  file: string;
  at: string;
  to: string;
  subject: string;
  /** e-mail only: the attached calendar file's name, if any */
  calendar?: string;
}

export class LocalMailbox {
  readonly received: Received[] = [];
  private readonly smtp: MailSink;
  private http?: Server;
  private readonly keys = new Map<string, string>();
  private sequence = 0;
  private pending = new Set<Promise<void>>();

  private constructor(
    readonly dir: string,
    smtpPort: number,
  ) {
    this.smtp = new MailSink({ parse: false, onMessage: (raw) => this.track(this.email(raw)) }, smtpPort);
  }

  /** Empties `dir` (it holds only what this mailbox wrote) and listens; port 0 picks a free port. */
  static async start(options: { dir: string; smtpPort: number; httpPort: number }): Promise<LocalMailbox> {
    for (const channel of ['email', 'sms', 'digital-post']) {
      rmSync(join(options.dir, channel), { recursive: true, force: true });
      mkdirSync(join(options.dir, channel), { recursive: true });
    }
    const mailbox = new LocalMailbox(options.dir, options.smtpPort);
    await mailbox.smtp.start();
    try {
      await mailbox.listen(options.httpPort);
    } catch (error) {
      await mailbox.smtp.stop();
      throw error;
    }
    return mailbox;
  }

  get smtpUrl(): string {
    return this.smtp.url;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${(this.http!.address() as AddressInfo).port}`;
  }

  /** The notification service's settings for delivering here. */
  get serviceEnv(): Record<string, string> {
    return {
      SMTP_URL: this.smtpUrl,
      SMS_GATEWAY_URL: `${this.httpUrl}/sms`,
      DIGITAL_POST_URL: `${this.httpUrl}/digital-post`,
    };
  }

  count(channel: Received['channel']): number {
    return this.received.filter((r) => r.channel === channel).length;
  }

  async stop(): Promise<void> {
    await Promise.all(this.pending);
    await this.smtp.stop();
    const http = this.http;
    this.http = undefined;
    http?.closeAllConnections();
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private name(extension: string): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return `${stamp}-${String(++this.sequence).padStart(5, '0')}.${extension}`;
  }

  private async email(raw: Buffer): Promise<void> {
    const file = join(this.dir, 'email', this.name('eml'));
    writeFileSync(file, raw);
    const mail = await simpleParser(raw).catch(() => undefined);
    const to = mail?.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]).map((a) => a.text).join(', ') : '';
    const calendar = mail?.attachments.find((a) => a.filename?.endsWith('.ics'))?.filename;
    this.received.push({
      channel: 'email',
      file,
      at: new Date().toISOString(),
      to,
      subject: mail?.subject ?? '',
      ...(calendar ? { calendar } : {}),
    });
  }

  private async listen(port: number): Promise<void> {
    this.http = createServer((req, res) => void this.handle(req, res).catch(() => res.writeHead(500).end()));
    await new Promise<void>((resolve, reject) => {
      this.http!.once('error', reject);
      this.http!.listen(port, '127.0.0.1', () => {
        this.http!.off('error', reject);
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && (url.pathname === '/sms/messages' || url.pathname === '/digital-post/messages')) {
      const channel = url.pathname === '/sms/messages' ? 'sms' : 'digital-post';
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body: { to?: string; recipient?: { citizenId?: string }; subject?: string; text?: string };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"malformed JSON"}');
        return;
      }
      // A gateway drops a repeated Idempotency-Key (a resend after a crash) and answers as the first time.
      const key = req.headers['idempotency-key'] as string | undefined;
      let id = key ? this.keys.get(`${channel}:${key}`) : undefined;
      if (!id) {
        const file = join(this.dir, channel, this.name('json'));
        writeFileSync(file, JSON.stringify(body, null, 2));
        id = basename(file);
        if (key) this.keys.set(`${channel}:${key}`, id);
        this.received.push({
          channel,
          file,
          at: new Date().toISOString(),
          to: channel === 'sms' ? String(body.to ?? '') : `citizen ${body.recipient?.citizenId ?? '?'}`,
          subject: channel === 'sms' ? String(body.text ?? '').slice(0, 80) : String(body.subject ?? ''),
        });
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(this.index());
      return;
    }
    if (req.method === 'GET' && url.pathname === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...this.received].reverse()));
      return;
    }
    const email = /^\/email\/([\w-]+)(?:\.html|\/(body\.html)|\/attachments\/(\d+))$/.exec(url.pathname);
    const emailFile = email && join(this.dir, 'email', `${email[1]}.eml`);
    if (req.method === 'GET' && email && existsSync(emailFile!)) {
      const mail = await simpleParser(readFileSync(emailFile!));
      if (email[2]) {
        // The mail's own HTML, only ever shown in a sandbox: no script, no form, no request leaves the page.
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'",
          'x-content-type-options': 'nosniff',
        });
        res.end(typeof mail.html === 'string' ? mail.html : '');
        return;
      }
      if (email[3] !== undefined) {
        const attachment = mail.attachments[Number(email[3])];
        if (!attachment) {
          res.writeHead(404).end();
          return;
        }
        const filename = (attachment.filename ?? `attachment-${email[3]}`).replace(/[^\w.-]/g, '_');
        res.writeHead(200, {
          'content-type': attachment.contentType || 'application/octet-stream',
          'content-disposition': `attachment; filename="${filename}"`,
          'x-content-type-options': 'nosniff',
        });
        res.end(attachment.content);
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
      });
      res.end(this.emailPage(email[1], mail));
      return;
    }
    const file = /^\/(email|sms|digital-post)\/([\w.-]+\.(?:eml|json))$/.exec(url.pathname);
    if (req.method === 'GET' && file && existsSync(join(this.dir, file[1], file[2]))) {
      const type = file[2].endsWith('.eml') ? 'message/rfc822' : 'application/json';
      res.writeHead(200, { 'content-type': type, 'content-disposition': `inline; filename="${file[2]}"` });
      res.end(readFileSync(join(this.dir, file[1], file[2])));
      return;
    }
    res.writeHead(404).end();
  }

  /** One e-mail as a page: its headers, text part, HTML part (sandboxed frame), attachments and the raw file. */
  private emailPage(name: string, mail: ParsedMail): string {
    const addresses = (a: ParsedMail['to']) => (a ? (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ') : '');
    const headers: [string, string][] = [
      ['From', addresses(mail.from)],
      ['To', addresses(mail.to)],
      ['Cc', addresses(mail.cc)],
      ['Reply-To', addresses(mail.replyTo)],
      ['Subject', mail.subject ?? ''],
      ['Date', mail.date?.toISOString() ?? ''],
      ['Message-ID', mail.messageId ?? ''],
    ].filter(([, value]) => value) as [string, string][];
    const attachments = mail.attachments.map(
      (a, i) =>
        `<li><a href="${name}/attachments/${i}" download>${escape(a.filename ?? `attachment ${i + 1}`)}</a> (${escape(a.contentType)}, ${a.size} bytes)</li>`,
    );
    return `<!doctype html><meta charset="utf-8"><title>${escape(mail.subject ?? '(no subject)')} · Selvbook mailbox</title>
<p><a href="../">← all messages</a> · <a href="${name}.eml" download>raw .eml</a></p>
<h1>${escape(mail.subject || '(no subject)')}</h1>
<table cellpadding="4">${headers.map(([k, v]) => `<tr><th align="left">${k}</th><td>${escape(v)}</td></tr>`).join('')}</table>
<h2>Text</h2>
${mail.text ? `<pre style="white-space: pre-wrap">${escape(mail.text)}</pre>` : '<p>(no text part)</p>'}
<h2>HTML</h2>
${typeof mail.html === 'string' ? `<iframe sandbox src="${name}/body.html" title="HTML part" style="width: 100%; height: 32em; border: 1px solid #ccc"></iframe>` : '<p>(no HTML part)</p>'}
<h2>Attachments</h2>
${attachments.length ? `<ul>${attachments.join('')}</ul>` : '<p>(none)</p>'}`;
  }

  private index(): string {
    const rows = [...this.received].reverse().map((r) => {
      const link =
        r.channel === 'email' ? `email/${basename(r.file, '.eml')}.html` : `${r.channel}/${basename(r.file)}`;
      return `<tr><td>${escape(r.at)}</td><td>${r.channel}</td><td>${escape(r.to)}</td><td><a href="${link}">${escape(r.subject || '(no subject)')}</a>${r.channel === 'email' ? ` · <a href="email/${basename(r.file)}" download>raw .eml</a>` : ''}</td><td>${r.calendar ? escape(r.calendar) : ''}</td></tr>`;
    });
    return `<!doctype html><meta charset="utf-8"><title>Selvbook mailbox</title>
<h1>What citizens were sent (${this.received.length})</h1>
<p>E-mail (SMTP ${escape(this.smtpUrl)}), SMS and Digital Post, newest first. Files: <code>${escape(this.dir)}</code></p>
<table border="1" cellpadding="4"><tr><th>received</th><th>channel</th><th>to</th><th>subject / text</th><th>calendar</th></tr>${rows.join('')}</table>`;
  }
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
