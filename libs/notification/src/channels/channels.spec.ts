import { classifySmtpError } from './email.channel';
import { classifyHttpStatus } from './http.channel';

describe('transient vs permanent channel failures', () => {
  it.each([
    [{ code: 'ECONNECTION' }, false],
    [{ code: 'ETIMEDOUT' }, false],
    [{ code: 'EENVELOPE', responseCode: 550 }, true],
    [{ code: 'EENVELOPE', responseCode: 452 }, false],
    [{ code: 'EMESSAGE', responseCode: 554 }, true],
    [{ responseCode: 421 }, false],
    [{ code: 'EMESSAGE' }, true],
    [{}, false],
  ])('SMTP %j → permanent %s', (error, permanent) => {
    expect(classifySmtpError(error).permanent).toBe(permanent);
  });

  it.each([
    [202, undefined],
    [400, true],
    [404, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])('HTTP %d → permanent %s', (status, permanent) => {
    expect(classifyHttpStatus(status, 'SMS gateway')?.permanent).toBe(permanent);
  });
});
