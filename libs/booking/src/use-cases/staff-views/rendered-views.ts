import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipOf = promisify(gzip);

/**
 * A JSON response body rendered once, to be sent as it is: its UTF-8 bytes, and its gzip made on the first
 * request that accepts it (on libuv's pool, off the event loop) and kept. A 500-slot week is 260 KB of JSON
 * and about a tenth of that gzipped: writing the bytes again costs a replica more than finding them.
 */
export class RenderedJson {
  private gzipped?: Promise<Buffer>;

  constructor(readonly body: Buffer) {}

  static of(json: string): RenderedJson {
    return new RenderedJson(Buffer.from(json, 'utf8'));
  }

  gzip(): Promise<Buffer> {
    this.gzipped ??= gzipOf(this.body, { level: 6 });
    return this.gzipped;
  }
}

interface RenderedView {
  /** the digest of the rows it was rendered from */
  digest: string;
  view: RenderedJson;
}

/** Rendered views by their arguments, at most `maxBytes` of them; the least recently used go first. */
export class RenderedViews {
  private readonly views = new Map<string, RenderedView>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): RenderedView | undefined {
    const view = this.views.get(key);
    if (view) {
      this.views.delete(key); // a Map iterates in insertion order: re-inserted, it is the most recent
      this.views.set(key, view);
    }
    return view;
  }

  set(key: string, view: RenderedView): void {
    this.drop(key);
    if (view.view.body.length > this.maxBytes) return;
    this.views.set(key, view);
    this.bytes += view.view.body.length;
    for (const oldest of this.views.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  get size(): number {
    return this.views.size;
  }

  private drop(key: string): void {
    const view = this.views.get(key);
    if (!view) return;
    this.views.delete(key);
    this.bytes -= view.view.body.length;
  }
}
