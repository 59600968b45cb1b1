import { NO_RATINGS, summarizeRatings } from './rating.rules';

describe('summarizeRatings', () => {
  it('rounds the mean to two decimals', () => {
    expect(summarizeRatings(13 / 3, 3)).toEqual({ average: 4.33, count: 3 });
    expect(summarizeRatings(4.666666, 3)).toEqual({ average: 4.67, count: 3 });
  });

  it('has no average without ratings', () => {
    expect(summarizeRatings(null, 0)).toBe(NO_RATINGS);
    expect(NO_RATINGS).toEqual({ average: null, count: 0 });
  });
});
