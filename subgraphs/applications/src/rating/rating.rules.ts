export interface RatingSummary {
  average: number | null;
  count: number;
}

export const NO_RATINGS: RatingSummary = Object.freeze({ average: null, count: 0 });

/** Summarises one service's aggregate; the mean is rounded to two decimals, as it is shown to people. */
export function summarizeRatings(average: number | null, count: number): RatingSummary {
  if (count <= 0 || average === null) return NO_RATINGS;
  return { average: Math.round(average * 100) / 100, count };
}

/**
 * Who may read the comments and suggestions applicants left with their ratings: the
 * provider's officers for their own services, to improve them, and the operator, who runs the
 * portal. Nobody else: the public sees only the average. A comment never names the rater.
 */
export function whyCannotReadRatingComments(caller: { roles: readonly string[]; providerId: string | null }, serviceProviderId: string): string | null {
  if (caller.roles.includes('OPERATOR')) return null;
  if (caller.roles.includes('PROVIDER_OFFICER') && caller.providerId !== null && caller.providerId === serviceProviderId) return null;
  return "Rating comments are for the service provider's officers and the operator; the public sees the service's average (Service.rating).";
}
