/** JSON text, rendered once, to be sent as it is. */
export type JsonText = string & { readonly __json: unique symbol };

interface RenderedView {
  /** the digest of the rows it was rendered from */
  digest: string;
  json: JsonText;
}

/** Rendered views by their arguments, at most `maxCharacters` of them; the least recently used go first. */
export class RenderedViews {
  private readonly views = new Map<string, RenderedView>();
  private characters = 0;

  constructor(private readonly maxCharacters: number) {}

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
    if (view.json.length > this.maxCharacters) return;
    this.views.set(key, view);
    this.characters += view.json.length;
    for (const oldest of this.views.keys()) {
      if (this.characters <= this.maxCharacters) break;
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
    this.characters -= view.json.length;
  }
}
