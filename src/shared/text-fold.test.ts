import { foldText, searchTerms } from './text-fold';

describe('the one text fold', () => {
  it.each([
    ['José Müller', 'jose muller'],
    ['Søren Østergaard', 'soren ostergaard'],
    ['Łukasz Wiśniewski', 'lukasz wisniewski'],
    ['Strauß', 'strauss'],
    ["Siobhán O'Brien", 'siobhan obrien'],
    ['Mary-Jane Smith-Jones', 'mary jane smith jones'],
    ['ann\u200B.lee@Contoso.com', 'ann lee contoso com'],
  ])('folds %s to %s', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it('gives a search box the same words as the text it searches', () => {
    expect(searchTerms('  José  M ')).toEqual(['jose', 'm']);
    expect(searchTerms('ann.lee@')).toEqual(['ann', 'lee']);
    expect(searchTerms(' - ')).toEqual([]);
  });
});
