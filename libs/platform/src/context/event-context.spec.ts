import { looksLikeCpr } from '@selvbook/contracts';
import { childTraceparent, currentContext, newContext, newTraceparent, runInContext } from './event-context';

describe('event context', () => {
  it('keeps the trace id and makes a new span id for a child hop', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = childTraceparent(parent);
    expect(child).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(parent);
  });

  it('starts a new trace from a malformed traceparent', () => {
    expect(childTraceparent('garbage')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('defect 3: does not continue a trace whose id carries a CPR number, never draws a CPR-shaped traceparent', () => {
    expect(childTraceparent('00-abcdef0101801001abcdefabcdefabcd-b7ad6b7169203331-01')).not.toContain('0101801001');
    for (let i = 0; i < 5000; i++) expect(looksLikeCpr(newTraceparent())).toBe(false);
  });

  it('never repeats a trace or span id, across refills of its random pool', () => {
    const traceparents = Array.from({ length: 1000 }, () => newTraceparent()); // 24 bytes each: ≈ 6 refills of 4 KiB
    expect(new Set(traceparents.map((t) => t.slice(3, 35))).size).toBe(1000);
    expect(new Set(traceparents.map((t) => t.slice(36, 52))).size).toBe(1000);
    for (const t of traceparents) expect(t).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('is visible to async work started inside it, and only there', async () => {
    const context = newContext({ correlationId: 'c-1' });
    const seen = await runInContext(context, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentContext()?.correlationId;
    });
    expect(seen).toBe('c-1');
    expect(currentContext()).toBeUndefined();
  });
});
