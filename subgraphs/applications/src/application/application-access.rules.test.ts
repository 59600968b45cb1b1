import {
  checkedText,
  scoreProblem,
  whyCannotAssign,
  whyCannotSeeContent,
  whyCannotView,
  whyNotAnExecutor,
  whyNotAssignableNow,
  whyNotRateableNow,
  whyNotTheApplicant,
  type Viewer,
} from './application-access.rules';

const submitted = { applicantId: 'citizen', providerId: 'provider-a', status: 'SUBMITTED' as const };
const draft = { ...submitted, status: 'DRAFT' as const };
const applicant: Viewer = { userId: 'citizen', roles: ['CITIZEN'], providerId: null };
const otherCitizen: Viewer = { userId: 'other', roles: ['CITIZEN'], providerId: null };
const officer: Viewer = { userId: 'officer', roles: ['PROVIDER_OFFICER'], providerId: 'provider-a' };
const otherOfficer: Viewer = { userId: 'officer-b', roles: ['PROVIDER_OFFICER'], providerId: 'provider-b' };
const citizenWithProviderId: Viewer = { userId: 'x', roles: ['CITIZEN'], providerId: 'provider-a' };
const operator: Viewer = { userId: 'operator', roles: ['OPERATOR'], providerId: null };

describe('whyCannotView: who is refused', () => {
  it('refuses another citizen', () => {
    expect(whyCannotView(otherCitizen, submitted)).toBe('You may see only your own applications, or, as a provider officer, the applications made to your provider.');
  });

  it("refuses an officer of another provider, and a provider id without the officer's role", () => {
    expect(whyCannotView(otherOfficer, submitted)).not.toBeNull();
    expect(whyCannotView(citizenWithProviderId, submitted)).not.toBeNull();
  });

  it('keeps a draft to its applicant, even from the provider and the operator', () => {
    expect(whyCannotView(officer, draft)).toBe('This application is a draft: only its applicant can see it until it is submitted.');
    expect(whyCannotView(operator, draft)).not.toBeNull();
  });

  it('refuses an anonymous viewer', () => {
    expect(whyCannotView({ userId: null, roles: [], providerId: null }, submitted)).not.toBeNull();
  });
});

describe('whyCannotView: who may read', () => {
  it('lets the applicant, an officer of the provider and an operator read a submitted application', () => {
    expect(whyCannotView(applicant, submitted)).toBeNull();
    expect(whyCannotView(applicant, draft)).toBeNull();
    expect(whyCannotView(officer, submitted)).toBeNull();
    expect(whyCannotView(operator, submitted)).toBeNull();
  });
});

describe('assignment', () => {
  it('is for officers of the provider only', () => {
    expect(whyCannotAssign(otherOfficer, submitted)).toBe('Only an officer of the provider of this service may assign an executor.');
    expect(whyCannotAssign(applicant, submitted)).not.toBeNull();
    expect(whyCannotAssign(officer, submitted)).toBeNull();
  });

  it('happens while the application is processed', () => {
    expect(whyNotAssignableNow('SUBMITTED')).toBeNull();
    expect(whyNotAssignableNow('AWAITING_PAYMENT')).toBeNull();
    expect(whyNotAssignableNow('IN_REVIEW')).toBeNull();
    expect(whyNotAssignableNow('APPROVED')).toBe('An executor can be assigned only while the application is processed (SUBMITTED, AWAITING_PAYMENT, IN_REVIEW); it is APPROVED.');
    expect(whyNotAssignableNow('DRAFT')).not.toBeNull();
  });

  it('goes to an unblocked officer of the same provider', () => {
    const message = "User e1 is not an officer of this provider; choose the executor among your provider's officers.";
    expect(whyNotAnExecutor('e1', null, 'provider-a')).toBe(message);
    expect(whyNotAnExecutor('e1', { roles: ['CITIZEN'], providerId: 'provider-a', blocked: false }, 'provider-a')).toBe(message);
    expect(whyNotAnExecutor('e1', { roles: ['PROVIDER_OFFICER'], providerId: 'provider-b', blocked: false }, 'provider-a')).toBe(message);
    expect(whyNotAnExecutor('e1', { roles: ['PROVIDER_OFFICER'], providerId: 'provider-a', blocked: true }, 'provider-a')).toMatch(/blocked/);
    expect(whyNotAnExecutor('e1', { roles: ['PROVIDER_OFFICER'], providerId: 'provider-a', blocked: false }, 'provider-a')).toBeNull();
  });
});

describe('rating and appeals', () => {
  it('belong to the applicant', () => {
    expect(whyNotTheApplicant(officer, submitted, 'rate the service of')).toBe('Only the applicant may rate the service of this application.');
    expect(whyNotTheApplicant(applicant, submitted, 'rate the service of')).toBeNull();
  });

  it('R-36: rating comes after any final outcome, or while the provider is late', () => {
    expect(['APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN'].map((s) => whyNotRateableNow(s as never, false))).toEqual([null, null, null, null]);
    expect(whyNotRateableNow('IN_REVIEW', true)).toBeNull();
    expect(whyNotRateableNow('SUBMITTED', true)).toBeNull();
    expect(whyNotRateableNow('IN_REVIEW', false)).toMatch(/while the provider is late/);
    expect(whyNotRateableNow('AWAITING_PAYMENT', false)).toMatch(/it is AWAITING_PAYMENT and on time/);
  });

  it('scores are whole numbers from 1 to 5', () => {
    expect([1, 3, 5].map(scoreProblem)).toEqual([null, null, null]);
    for (const score of [0, 6, 2.5, -1]) expect(scoreProblem(score)).toBe(`score must be a whole number from 1 to 5; got ${score}.`);
  });
});

describe('checkedText', () => {
  it('trims, requires when asked and limits the length in characters', () => {
    expect(checkedText('  Outdated passport  ', 'reason', 10, true)).toEqual({ problem: 'reason is 17 characters long; shorten it to at most 10.' });
    expect(checkedText('  ok ', 'reason', 10, true)).toEqual({ text: 'ok' });
    expect(checkedText('   ', 'reason', 10, true)).toEqual({ problem: 'reason is required: write it out.' });
    expect(checkedText(null, 'comment', 10, false)).toEqual({ text: null });
    expect(checkedText('Айгүл', 'comment', 5, false)).toEqual({ text: 'Айгүл' });
  });
});

describe('whyCannotSeeContent: least privilege', () => {
  it('refuses the operator, other citizens, other providers and a provider id without the role', () => {
    for (const viewer of [operator, otherCitizen, otherOfficer, citizenWithProviderId]) {
      expect(whyCannotSeeContent(viewer, submitted)).toMatch(/^Only the applicant and the provider's officers/);
    }
  });

  it("refuses the provider's officers a draft", () => {
    expect(whyCannotSeeContent(officer, draft)).not.toBeNull();
  });

  it("lets the applicant and the provider's officer see it", () => {
    expect(whyCannotSeeContent(applicant, draft)).toBeNull();
    expect(whyCannotSeeContent(applicant, submitted)).toBeNull();
    expect(whyCannotSeeContent(officer, submitted)).toBeNull();
  });
});
