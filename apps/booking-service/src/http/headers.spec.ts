import { acceptsGzip } from './headers';

describe('Accept-Encoding', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['*', true],
    [undefined, false],
    ['', false],
    ['br, deflate', false],
    ['gzip;q=0', false],
    ['gzip;q=0.000, *;q=0', false],
    ['identity', false],
  ])('%p takes gzip: %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
