/**
 * Which topics the broker has, as this client may see them, from the broker's own listing. The relay asks it
 * before it sends to a recipient topic: a kafkajs producer keeps every topic it was ever asked to send to in
 * each later metadata request, and one answer with an error for one topic (it does not exist, or the client
 * may not see it) fails the whole request — one missing topic would stop every send. Listing all topics
 * names none, so it cannot fail that way.
 */
export class TopicDirectory {
  private readonly known = new Set<string>();
  private listedAt = Number.NEGATIVE_INFINITY;
  private listing?: Promise<void>;

  /**
   * `list`: the broker's topics (kafkajs admin.listTopics); asked
   * again at most every `maxAgeMs` for a topic not seen yet.
   */
  constructor(
    private readonly list: () => Promise<string[]>,
    private readonly maxAgeMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The topics of `topics` the broker did not list (a topic once listed is taken to stay). */
  async missing(topics: Iterable<string>): Promise<string[]> {
    const unseen = () => [...new Set(topics)].filter((t) => !this.known.has(t));
    if (unseen().length > 0 && this.now() - this.listedAt >= this.maxAgeMs) await this.refresh();
    return unseen();
  }

  private refresh(): Promise<void> {
    this.listing ??= this.list()
      .then((topics) => {
        for (const topic of topics) this.known.add(topic);
        this.listedAt = this.now();
      })
      .finally(() => (this.listing = undefined));
    return this.listing;
  }
}
