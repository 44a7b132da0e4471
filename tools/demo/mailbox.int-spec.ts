import { eventually } from '@selvbook/testing';
import { createTransport } from 'nodemailer';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
      from: 'no-reply@selvbook.dk',
      to: 'borger@example.dk',
      subject: 'Kvittering: jobsamtale',
      text: 'Se vedhæftede',
      attachments: [
        {
          filename: 'samtale.ics',
          content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n',
          contentType: 'text/calendar',
        },
      ],
    });
    smtp.close();
    await eventually(() => expect(mailbox.count('email')).toBe(1));
    const [file] = readdirSync(join(dir, 'email'));
    expect(file).toMatch(/\.eml$/);
    expect(readFileSync(join(dir, 'email', file), 'utf8')).toContain('Subject: Kvittering: jobsamtale');
    expect(mailbox.received).toEqual([
      expect.objectContaining({
        channel: 'email',
        to: 'borger@example.dk',
        subject: 'Kvittering: jobsamtale',
        calendar: 'samtale.ics',
      }),
    ]);

    const index = await (await fetch(`${mailbox.httpUrl}/`)).text();
    expect(index).toContain(`href="email/${file.replace(/\.eml$/, '.html')}"`);
    expect(index).toContain(`href="email/${file}" download`);
    const raw = await fetch(`${mailbox.httpUrl}/email/${file}`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toContain('filename=samtale.ics');
  });

  it('shows an e-mail as a page: headers, text, the HTML part sandboxed, attachments as downloads, the raw .eml', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% not really\n');
    const smtp = createTransport(mailbox.smtpUrl);
    await smtp.sendMail({
      from: 'Jobcenter København <no-reply@selvbook.dk>',
      to: 'borger@example.dk',
      subject: 'Kvittering <b>jobsamtale</b>',
      text: 'Du har booket en samtale.\nTid: mandag 7. december kl. 09:00',
      html: '<p>Du har booket en <strong>samtale</strong>.</p><script>alert(1)</script><img src=x onerror="alert(2)">',
      attachments: [
        {
          filename: 'samtale.ics',
          content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n',
          contentType: 'text/calendar',
        },
        { filename: 'vejledning.pdf', content: pdf, contentType: 'application/pdf' },
      ],
    });
    smtp.close();
    await eventually(() => expect(mailbox.count('email')).toBe(2));
    const name = basename(mailbox.received.at(-1)!.file, '.eml');

    const index = await (await fetch(`${mailbox.httpUrl}/`)).text();
    expect(index).toContain(`<a href="email/${name}.html">Kvittering &lt;b&gt;jobsamtale&lt;/b&gt;</a>`);

    const page = await fetch(`${mailbox.httpUrl}/email/${name}.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-disposition')).toBeNull(); // shown, not downloaded
    const html = await page.text();
    expect(html).toContain('<h1>Kvittering &lt;b&gt;jobsamtale&lt;/b&gt;</h1>');
    expect(html).toContain(
      '<th align="left">From</th><td>&quot;Jobcenter København&quot; &lt;no-reply@selvbook.dk&gt;</td>',
    );
    expect(html).toContain('<th align="left">To</th><td>borger@example.dk</td>');
    expect(html).toContain('Du har booket en samtale.\nTid: mandag 7. december kl. 09:00</pre>');
    expect(html).toContain(`<iframe sandbox src="${name}/body.html"`);
    expect(html).not.toContain('<script>'); // the mail's HTML never runs in the page itself
    expect(html).not.toContain('onerror');
    expect(html).toContain(`<a href="${name}/attachments/0" download>samtale.ics</a> (text/calendar,`);
    expect(html).toContain(
      `<a href="${name}/attachments/1" download>vejledning.pdf</a> (application/pdf, ${pdf.length} bytes)`,
    );
    expect(html).toContain(`<a href="${name}.eml" download>raw .eml</a>`);

    // The HTML part as sent, only under a sandboxing Content-Security-Policy.
    const body = await fetch(`${mailbox.httpUrl}/email/${name}/body.html`);
    expect(body.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(await body.text()).toContain('<p>Du har booket en <strong>samtale</strong>.</p>');

    const attachment = await fetch(`${mailbox.httpUrl}/email/${name}/attachments/1`);
    expect(attachment.headers.get('content-type')).toBe('application/pdf');
    expect(attachment.headers.get('content-disposition')).toBe('attachment; filename="vejledning.pdf"');
    expect(Buffer.from(await attachment.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${mailbox.httpUrl}/email/${name}/attachments/0`)).headers.get('content-type')).toMatch(
      /^text\/calendar/,
    );
    expect((await fetch(`${mailbox.httpUrl}/email/${name}/attachments/2`)).status).toBe(404);
    expect((await fetch(`${mailbox.httpUrl}/email/no-such-mail.html`)).status).toBe(404);
    expect((await fetch(`${mailbox.httpUrl}/email/${name}.eml`)).headers.get('content-type')).toBe('message/rfc822');
  });

  it('answers SMS and Digital Post as a gateway does: 202, a repeated Idempotency-Key kept once', async () => {
    const post = (path: string, key: string, body: unknown) =>
      fetch(`${mailbox.httpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const first = await post('/sms/messages', 'd-1', {
      to: '+4512345678',
      text: 'Husk din samtale i morgen',
      reference: 'd-1',
    });
    const again = await post('/sms/messages', 'd-1', {
      to: '+4512345678',
      text: 'Husk din samtale i morgen',
      reference: 'd-1',
    });
    expect([first.status, again.status]).toEqual([202, 202]);
    const idOf = async (response: Response) => ((await response.json()) as { id: string }).id;
    expect(await idOf(again)).toBe(await idOf(first));
    expect(
      (
        await post('/digital-post/messages', 'd-2', {
          recipient: { citizenId: 'c-1' },
          subject: 'Du skal booke',
          text: '…',
        })
      ).status,
    ).toBe(202);
    expect(mailbox.count('sms')).toBe(1);
    expect(readdirSync(join(dir, 'digital-post'))).toHaveLength(1);
    expect((await fetch(`${mailbox.httpUrl}/sms/messages`, { method: 'POST', body: '{' })).status).toBe(400);
    expect((await fetch(`${mailbox.httpUrl}/email/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect(existsSync(join(dir, 'sms'))).toBe(true);
  });
});
