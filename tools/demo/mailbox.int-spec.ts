import { eventually } from '@selvbook/testing';
import { createTransport } from 'nodemailer';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMailbox } from './mailbox';

/** The mailbox `npm start` and `npm run demo` give the notification service: real SMTP and HTTP, files on disk. */
describe('LocalMailbox', () => {
  let mailbox: LocalMailbox;
  const dir = join(mkdtempSync(join(tmpdir(), 'selvbook-mailbox-')), 'mailbox');

  beforeAll(async () => {
    mailbox = await LocalMailbox.start({ dir, smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.stop());

  it('keeps an e-mail as .eml with its calendar file, and lists it', async () => {
    const smtp = createTransport(mailbox.smtpUrl);
    await smtp.sendMail({
      from: 'no-reply@selvbook.dk', to: 'borger@example.dk', subject: 'Kvittering: jobsamtale', text: 'Se vedhæftede',
      attachments: [{ filename: 'samtale.ics', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar' }],
    });
    smtp.close();
    await eventually(() => expect(mailbox.count('email')).toBe(1));
    const [file] = readdirSync(join(dir, 'email'));
    expect(file).toMatch(/\.eml$/);
    expect(readFileSync(join(dir, 'email', file), 'utf8')).toContain('Subject: Kvittering: jobsamtale');
    expect(mailbox.received).toEqual([expect.objectContaining({ channel: 'email', to: 'borger@example.dk', subject: 'Kvittering: jobsamtale', calendar: 'samtale.ics' })]);

    const index = await (await fetch(`${mailbox.httpUrl}/`)).text();
    expect(index).toContain(`href="email/${file}"`);
    const raw = await fetch(`${mailbox.httpUrl}/email/${file}`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toContain('filename=samtale.ics');
  });

  it('answers SMS and Digital Post as a gateway does: 202, a repeated Idempotency-Key kept once', async () => {
    const post = (path: string, key: string, body: unknown) =>
      fetch(`${mailbox.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
    const first = await post('/sms/messages', 'd-1', { to: '+4512345678', text: 'Husk din samtale i morgen', reference: 'd-1' });
    const again = await post('/sms/messages', 'd-1', { to: '+4512345678', text: 'Husk din samtale i morgen', reference: 'd-1' });
    expect([first.status, again.status]).toEqual([202, 202]);
    const idOf = async (response: Response) => ((await response.json()) as { id: string }).id;
    expect(await idOf(again)).toBe(await idOf(first));
    expect((await post('/digital-post/messages', 'd-2', { recipient: { citizenId: 'c-1' }, subject: 'Du skal booke', text: '…' })).status).toBe(202);
    expect(mailbox.count('sms')).toBe(1);
    expect(readdirSync(join(dir, 'digital-post'))).toHaveLength(1);
    expect((await fetch(`${mailbox.httpUrl}/sms/messages`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(`${mailbox.httpUrl}/email/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect(existsSync(join(dir, 'sms'))).toBe(true);
  });
});
