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
