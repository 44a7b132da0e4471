import { TopicDirectory } from './topic-directory';

describe('TopicDirectory: which recipient topics exist, from the broker listing', () => {
  it('lists once, then answers from what it saw; a topic not seen is asked again only after the max age', async () => {
    let now = 0;
    const broker = ['selvbook.akasse.3f.v1'];
    const list = jest.fn(async () => [...broker]);
    const directory = new TopicDirectory(list, 10_000, () => now);

    expect(await directory.missing(['selvbook.akasse.3f.v1', 'selvbook.akasse.ca.v1'])).toEqual([
      'selvbook.akasse.ca.v1',
    ]);
    broker.push('selvbook.akasse.ca.v1');
    now = 5_000;
    // not asked again yet
    expect(await directory.missing(['selvbook.akasse.ca.v1'])).toEqual(['selvbook.akasse.ca.v1']);
    expect(await directory.missing(['selvbook.akasse.3f.v1'])).toEqual([]); // known: no listing needed
    now = 10_000;
    expect(await directory.missing(['selvbook.akasse.ca.v1'])).toEqual([]);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('shares one listing between callers asking at once', async () => {
    let release!: () => void;
    const list = jest.fn(() => new Promise<string[]>((resolve) => (release = () => resolve(['t']))));
    const directory = new TopicDirectory(list);
    const both = Promise.all([directory.missing(['t']), directory.missing(['t', 'u'])]);
    release();
    expect(await both).toEqual([[], ['u']]);
    expect(list).toHaveBeenCalledTimes(1);
  });
});
