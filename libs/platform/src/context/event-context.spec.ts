import { childTraceparent, currentContext, newContext, runInContext } from './event-context';

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
