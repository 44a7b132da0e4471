import fc from 'fast-check';
import { joinJsonTexts } from './json-texts';

/**
 * What PostgreSQL's string_to_array(text, E'\x1e') gives back: ''
 * for an empty input is {} there, handled by unnest's padding.
 */
const split = (joined: string) => joined.split('\x1e');

describe('joinJsonTexts', () => {
  it('joins any JSON values so that splitting on U+001E gives back each text, whatever characters they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ noUnicodeString: false }), { minLength: 1, maxLength: 20 }), (values) => {
        const texts = split(joinJsonTexts(values));
        expect(texts).toHaveLength(values.length);
        texts.forEach((text, i) =>
          expect(text === '' ? null : JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(values[i]))),
        );
      }),
    );
  });

  it('writes null and undefined as an empty text (SQL NULL via nullif); keeps a control character in a string', () => {
    expect(split(joinJsonTexts([null, { a: 'x\u001ey' }, undefined]))).toEqual(['', '{"a":"x\\u001ey"}', '']);
  });
});
