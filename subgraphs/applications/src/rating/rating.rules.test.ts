import { NO_RATINGS, summarizeRatings, whyCannotReadRatingComments } from './rating.rules';

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

describe('whyCannotReadRatingComments (R-36: suggestions go to those who can improve the service)', () => {
  it("lets the provider's officers read their own services' comments, and the operator any", () => {
    expect(whyCannotReadRatingComments({ roles: ['PROVIDER_OFFICER'], providerId: 'p1' }, 'p1')).toBeNull();
    expect(whyCannotReadRatingComments({ roles: ['OPERATOR'], providerId: null }, 'p1')).toBeNull();
  });

  it('refuses officers of other providers and citizens', () => {
    expect(whyCannotReadRatingComments({ roles: ['PROVIDER_OFFICER'], providerId: 'p2' }, 'p1')).toMatch(/provider's officers and the operator/);
    expect(whyCannotReadRatingComments({ roles: ['CITIZEN'], providerId: null }, 'p1')).toMatch(/the public sees the service's average/);
  });
});
