import { gunzipSync } from 'node:zlib';
import { RenderedJson, RenderedViews } from './rendered-views';

const view = (digest: string, length: number) => ({ digest, view: RenderedJson.of('x'.repeat(length)) });

describe('rendered views kept by a replica', () => {
  it('gives back what was kept under a key, the latest for a key replacing the one before', () => {
    const views = new RenderedViews(100);
    views.set('a', view('d1', 10));
    views.set('a', view('d2', 20));
    expect(views.get('a')?.digest).toBe('d2');
    expect(views.get('b')).toBeUndefined();
    expect(views.size).toBe(1);
  });

  it('drops the least recently used views beyond its size in bytes', () => {
    const views = new RenderedViews(100);
    views.set('a', view('a', 40));
    views.set('b', view('b', 40));
    views.get('a'); // a used after b
    views.set('c', view('c', 40));
    expect(views.get('b')).toBeUndefined();
    expect(views.get('a')?.digest).toBe('a');
    expect(views.get('c')?.digest).toBe('c');
  });

  it('keeps no view larger than its whole size', () => {
    const views = new RenderedViews(100);
    views.set('a', view('a', 50));
    views.set('big', view('big', 101));
    expect(views.get('big')).toBeUndefined();
    expect(views.get('a')?.digest).toBe('a');
  });
});

describe('a rendered JSON body', () => {
  it('holds the UTF-8 bytes of its JSON and one gzip of them, made once', async () => {
    const json = JSON.stringify({ items: [{ location: 'Jobcenter Århus, Søren Frichs Vej' }] });
    const rendered = RenderedJson.of(json);
    expect(rendered.body.toString('utf8')).toBe(json);
    const gzipped = await rendered.gzip();
    expect(gunzipSync(gzipped).toString('utf8')).toBe(json);
    expect(await rendered.gzip()).toBe(gzipped);
  });
});
