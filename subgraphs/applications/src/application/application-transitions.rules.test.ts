import {
  APPLICATION_STATUSES,
  ApplicationAction,
  ApplicationFacts,
  ApplicationStatus,
  availableActions,
  checkTransitionAllowed,
  planTransition,
  TransitionActor,
  TransitionContext,
  TRANSITIONS,
  transitionActorFor,
} from './application-transitions.rules';

const applicant: TransitionActor = { role: 'CITIZEN', userId: 'user-applicant' };
const otherCitizen: TransitionActor = { role: 'CITIZEN', userId: 'user-other' };
const officer: TransitionActor = { role: 'PROVIDER_OFFICER', userId: 'user-officer', providerId: 'provider-tax' };
const officerOfOtherProvider: TransitionActor = { role: 'PROVIDER_OFFICER', userId: 'user-officer-2', providerId: 'provider-police' };
const officerWithoutProvider: TransitionActor = { role: 'PROVIDER_OFFICER', userId: 'user-officer-3', providerId: null };
const operator: TransitionActor = { role: 'OPERATOR', userId: 'user-operator' };
const system: TransitionActor = { role: 'SYSTEM' };
/** An officer who also owns the application must still act as the applicant to withdraw it. */
const applicantAsOfficer: TransitionActor = { role: 'PROVIDER_OFFICER', userId: 'user-applicant', providerId: 'provider-tax' };

const freeApplication: ApplicationFacts = { applicantId: 'user-applicant', providerId: 'provider-tax', paid: false, feeConfirmed: false };
const paidUnconfirmed: ApplicationFacts = { ...freeApplication, paid: true, feeConfirmed: false };
const paidConfirmed: ApplicationFacts = { ...freeApplication, paid: true, feeConfirmed: true };
/** An officer of the body hearing a complaint about the application. */
const appealBodyOfficer: TransitionActor = { role: 'PROVIDER_OFFICER', userId: 'user-appeal-officer', providerId: 'provider-ministry' };
const appealedApplication: ApplicationFacts = { ...freeApplication, appealBodyId: 'provider-ministry' };

/** The context under which each action succeeds. */
const happyPath: Record<ApplicationAction, TransitionContext> = {
  submit: { status: 'DRAFT', actor: applicant, application: freeApplication, dataValid: true, signatureVerified: true },
  withdraw: { status: 'SUBMITTED', actor: applicant, application: freeApplication },
  reject: { status: 'SUBMITTED', actor: officer, application: freeApplication, reason: 'Passport data is outdated' },
  accept: { status: 'SUBMITTED', actor: officer, application: freeApplication },
  confirmPayment: { status: 'AWAITING_PAYMENT', actor: system, application: paidUnconfirmed },
  approve: { status: 'IN_REVIEW', actor: officer, application: freeApplication, resultSigned: true },
  refuse: { status: 'IN_REVIEW', actor: officer, application: freeApplication, reason: 'Not eligible under art. 5' },
  reopen: { status: 'REFUSED', actor: appealBodyOfficer, application: appealedApplication, appealUpheld: true },
};

const actions = Object.keys(happyPath) as ApplicationAction[];

/** Every actor who must be refused each action, whatever the status. */
const forbiddenActors: Record<ApplicationAction, [string, TransitionActor][]> = {
  submit: [['another citizen', otherCitizen], ['an officer', officer], ['the applicant acting as officer', applicantAsOfficer], ['an operator', operator], ['the system', system]],
  withdraw: [['another citizen', otherCitizen], ['an officer', officer], ['the applicant acting as officer', applicantAsOfficer], ['an operator', operator], ['the system', system]],
  reject: [['the applicant', applicant], ['an officer of another provider', officerOfOtherProvider], ['an officer without provider', officerWithoutProvider], ['an operator', operator], ['the system', system]],
  accept: [['the applicant', applicant], ['an officer of another provider', officerOfOtherProvider], ['an officer without provider', officerWithoutProvider], ['an operator', operator], ['the system', system]],
  confirmPayment: [['the applicant', applicant], ['an officer', officer], ['an operator', operator]],
  approve: [['the applicant', applicant], ['an officer of another provider', officerOfOtherProvider], ['an officer without provider', officerWithoutProvider], ['an operator', operator], ['the system', system]],
  refuse: [['the applicant', applicant], ['an officer of another provider', officerOfOtherProvider], ['an officer without provider', officerWithoutProvider], ['an operator', operator], ['the system', system]],
  reopen: [['the applicant', applicant], ["the provider's own officer", officer], ['an officer of another provider', officerOfOtherProvider], ['an officer without provider', officerWithoutProvider], ['an operator', operator], ['the system', system]],
};

const allowedFrom: Record<ApplicationAction, ApplicationStatus[]> = {
  submit: ['DRAFT'],
  withdraw: ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'],
  reject: ['SUBMITTED'],
  accept: ['SUBMITTED'],
  confirmPayment: ['AWAITING_PAYMENT'],
  approve: ['IN_REVIEW'],
  refuse: ['IN_REVIEW'],
  reopen: ['REJECTED', 'REFUSED'],
};

describe('planTransition: who is refused (FORBIDDEN)', () => {
  const cases = actions.flatMap((action) =>
    forbiddenActors[action].map(([who, actor]) => [action, who, actor] as const),
  );

  it.each(cases)('%s by %s is forbidden', (action, _who, actor) => {
    const plan = planTransition(action, { ...happyPath[action], actor });
    expect(plan).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('checks the actor before the status, so outsiders learn nothing about the application', () => {
    const plan = planTransition('withdraw', { status: 'APPROVED', actor: otherCitizen, application: freeApplication });
    expect(plan).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses a citizen without a user id', () => {
    const plan = planTransition('withdraw', { ...happyPath.withdraw, actor: { role: 'CITIZEN', userId: null } });
    expect(plan).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('explains which role is needed', () => {
    const plan = planTransition('approve', { ...happyPath.approve, actor: operator });
    expect(plan).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: "Only an officer of the service's provider (PROVIDER_OFFICER) may approve an application; you act as OPERATOR",
    });
    expect(planTransition('reject', { ...happyPath.reject, actor: officerOfOtherProvider })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only an officer of the provider of this service may reject this application',
    });
  });
});

describe('planTransition: from which statuses (CONFLICT)', () => {
  const cases = actions.flatMap((action) =>
    APPLICATION_STATUSES.filter((status) => !allowedFrom[action].includes(status)).map((status) => [action, status] as const),
  );

  it.each(cases)('%s from %s is a conflict', (action, status) => {
    const plan = planTransition(action, { ...happyPath[action], status });
    expect(plan).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('names the current status and the allowed ones', () => {
    expect(planTransition('withdraw', { ...happyPath.withdraw, status: 'APPROVED' })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'Cannot withdraw an application in status APPROVED; allowed only from SUBMITTED, AWAITING_PAYMENT, IN_REVIEW',
    });
  });

  it('does not let a draft be withdrawn or a decided application be decided again', () => {
    expect(planTransition('withdraw', { ...happyPath.withdraw, status: 'DRAFT' })).toMatchObject({ code: 'CONFLICT' });
    expect(planTransition('approve', { ...happyPath.approve, status: 'REFUSED' })).toMatchObject({ code: 'CONFLICT' });
    expect(planTransition('confirmPayment', { ...happyPath.confirmPayment, status: 'IN_REVIEW' })).toMatchObject({ code: 'CONFLICT' });
  });

  it('checks the status before the input', () => {
    const plan = planTransition('reject', { ...happyPath.reject, status: 'IN_REVIEW', reason: '' });
    expect(plan).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
});

describe('planTransition: guards on input (BAD_USER_INPUT)', () => {
  it('submit needs valid data and a verified signature', () => {
    expect(planTransition('submit', { ...happyPath.submit, dataValid: false })).toEqual({
      ok: false,
      code: 'BAD_USER_INPUT',
      message: 'The application data has errors; correct them before submitting',
    });
    expect(planTransition('submit', { ...happyPath.submit, dataValid: undefined })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(planTransition('submit', { ...happyPath.submit, signatureVerified: false })).toEqual({
      ok: false,
      code: 'BAD_USER_INPUT',
      message: 'The signature of the application could not be verified',
    });
    expect(planTransition('submit', { ...happyPath.submit, signatureVerified: undefined })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it.each(['reject', 'refuse'] as const)('%s needs a non-blank reason', (action) => {
    for (const reason of [undefined, null, '', '   \n']) {
      expect(planTransition(action, { ...happyPath[action], reason })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    }
  });

  it('approve needs a signed result document', () => {
    expect(planTransition('approve', { ...happyPath.approve, resultSigned: false })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    expect(planTransition('approve', { ...happyPath.approve, resultSigned: undefined })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
  });

  it('refuses an action that is not in the table', () => {
    expect(planTransition('delete' as ApplicationAction, happyPath.submit)).toEqual({
      ok: false,
      code: 'BAD_USER_INPUT',
      message: 'Unknown action "delete"',
    });
  });
});

describe('planTransition: every row of the table', () => {
  it('submit: DRAFT -> SUBMITTED', () => {
    expect(planTransition('submit', happyPath.submit)).toEqual({ ok: true, from: 'DRAFT', to: 'SUBMITTED', events: ['ApplicationSubmitted'] });
  });

  it.each(['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'] as const)('withdraw: %s -> WITHDRAWN', (status) => {
    expect(planTransition('withdraw', { ...happyPath.withdraw, status })).toEqual({
      ok: true,
      from: status,
      to: 'WITHDRAWN',
      events: ['ApplicationWithdrawn'],
    });
  });

  it('reject: SUBMITTED -> REJECTED', () => {
    expect(planTransition('reject', happyPath.reject)).toEqual({ ok: true, from: 'SUBMITTED', to: 'REJECTED', events: ['ApplicationRejected'] });
  });

  it('accept of a free service: SUBMITTED -> IN_REVIEW', () => {
    expect(planTransition('accept', happyPath.accept)).toEqual({ ok: true, from: 'SUBMITTED', to: 'IN_REVIEW', events: ['ApplicationAccepted'] });
  });

  it('accept of a paid service without confirmed fee: SUBMITTED -> AWAITING_PAYMENT, and payment is required', () => {
    expect(planTransition('accept', { ...happyPath.accept, application: paidUnconfirmed })).toEqual({
      ok: true,
      from: 'SUBMITTED',
      to: 'AWAITING_PAYMENT',
      events: ['ApplicationAccepted', 'PaymentRequired'],
    });
  });

  it('accept of a paid service whose fee is already confirmed: SUBMITTED -> IN_REVIEW', () => {
    expect(planTransition('accept', { ...happyPath.accept, application: paidConfirmed })).toEqual({
      ok: true,
      from: 'SUBMITTED',
      to: 'IN_REVIEW',
      events: ['ApplicationAccepted'],
    });
  });

  it('confirmPayment: AWAITING_PAYMENT -> IN_REVIEW', () => {
    expect(planTransition('confirmPayment', happyPath.confirmPayment)).toEqual({
      ok: true,
      from: 'AWAITING_PAYMENT',
      to: 'IN_REVIEW',
      events: ['PaymentConfirmed'],
    });
  });

  it('approve: IN_REVIEW -> APPROVED', () => {
    expect(planTransition('approve', happyPath.approve)).toEqual({ ok: true, from: 'IN_REVIEW', to: 'APPROVED', events: ['ApplicationApproved'] });
  });

  it('refuse: IN_REVIEW -> REFUSED', () => {
    expect(planTransition('refuse', happyPath.refuse)).toEqual({ ok: true, from: 'IN_REVIEW', to: 'REFUSED', events: ['ApplicationRefused'] });
  });

  it('returns a fresh events array, so callers cannot change the table', () => {
    const plan = planTransition('submit', happyPath.submit);
    if (!plan.ok) throw new Error('expected success');
    plan.events.push('ApplicationApproved');
    expect(planTransition('submit', happyPath.submit)).toMatchObject({ events: ['ApplicationSubmitted'] });
  });
});

describe('TRANSITIONS', () => {
  it('has one row per action, matching the lifecycle of DESIGN.md', () => {
    expect(TRANSITIONS.map((row) => row.action).sort()).toEqual([...actions].sort());
    for (const row of TRANSITIONS) expect([...row.from]).toEqual(allowedFrom[row.action]);
  });

  it('leaves APPROVED and WITHDRAWN final, and REJECTED and REFUSED final but for an upheld complaint (R-37, R-38)', () => {
    for (const row of TRANSITIONS) {
      for (const status of ['APPROVED', 'WITHDRAWN'] as ApplicationStatus[]) expect(row.from).not.toContain(status);
      if (row.action !== 'reopen') for (const status of ['REJECTED', 'REFUSED'] as ApplicationStatus[]) expect(row.from).not.toContain(status);
    }
  });

  it('reopens a rejection to intake and a refusal to review, only on an upheld complaint', () => {
    expect(planTransition('reopen', { ...happyPath.reopen, status: 'REJECTED' })).toMatchObject({ ok: true, to: 'SUBMITTED', events: ['ApplicationReopened'] });
    expect(planTransition('reopen', happyPath.reopen)).toMatchObject({ ok: true, to: 'IN_REVIEW' });
    expect(planTransition('reopen', { ...happyPath.reopen, appealUpheld: false })).toMatchObject({ ok: false, code: 'BAD_USER_INPUT' });
    // the body is the application's: an officer of a body that hears no complaint about it is refused
    expect(planTransition('reopen', { ...happyPath.reopen, application: freeApplication })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('availableActions', () => {
  it('lists what the applicant can do', () => {
    expect(availableActions({ status: 'DRAFT', actor: applicant, application: freeApplication })).toEqual(['submit']);
    expect(availableActions({ status: 'IN_REVIEW', actor: applicant, application: freeApplication })).toEqual(['withdraw']);
    expect(availableActions({ status: 'APPROVED', actor: applicant, application: freeApplication })).toEqual([]);
  });

  it('lists what an officer of the provider can do, and nothing for other officers', () => {
    expect(availableActions({ status: 'SUBMITTED', actor: officer, application: freeApplication })).toEqual(['reject', 'accept']);
    expect(availableActions({ status: 'IN_REVIEW', actor: officer, application: freeApplication })).toEqual(['approve', 'refuse']);
    expect(availableActions({ status: 'SUBMITTED', actor: officerOfOtherProvider, application: freeApplication })).toEqual([]);
  });

  it('gives the system only payment confirmation', () => {
    expect(availableActions({ status: 'AWAITING_PAYMENT', actor: system, application: paidUnconfirmed })).toEqual(['confirmPayment']);
  });
});

describe('checkTransitionAllowed: actor and status without the guard', () => {
  it('refuses an outsider before looking at the status', () => {
    expect(checkTransitionAllowed('submit', { status: 'APPROVED', actor: otherCitizen, application: freeApplication })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: 'Only the applicant may submit this application',
    });
  });

  it('refuses a wrong status with CONFLICT', () => {
    expect(checkTransitionAllowed('accept', { status: 'IN_REVIEW', actor: officer, application: freeApplication })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('lets the guard pass unchecked, so the service can check input afterwards', () => {
    expect(checkTransitionAllowed('submit', { status: 'DRAFT', actor: applicant, application: freeApplication })).toEqual({ ok: true });
    expect(checkTransitionAllowed('reject', { status: 'SUBMITTED', actor: officer, application: freeApplication })).toEqual({ ok: true });
  });

  it('agrees with planTransition on every action, actor and status', () => {
    const actors = [applicant, otherCitizen, officer, officerOfOtherProvider, operator, system];
    for (const action of actions) {
      for (const status of APPLICATION_STATUSES) {
        for (const actor of actors) {
          const check = checkTransitionAllowed(action, { ...happyPath[action], status, actor });
          const plan = planTransition(action, { ...happyPath[action], status, actor });
          if (check.ok) expect(plan.ok || plan.code === 'BAD_USER_INPUT').toBe(true);
          else expect(plan).toEqual(check);
        }
      }
    }
  });
});

describe('transitionActorFor', () => {
  it('acts in the role the action needs when the person holds it', () => {
    const person = { userId: 'u1', roles: ['PROVIDER_OFFICER', 'CITIZEN'] as const, providerId: 'p1' };
    expect(transitionActorFor('withdraw', { ...person, roles: [...person.roles] })).toEqual({ role: 'CITIZEN', userId: 'u1', providerId: 'p1' });
    expect(transitionActorFor('accept', { ...person, roles: [...person.roles] })).toEqual({ role: 'PROVIDER_OFFICER', userId: 'u1', providerId: 'p1' });
  });

  it('otherwise acts in a role the person holds, so the plan names it when refusing', () => {
    const actor = transitionActorFor('accept', { userId: 'u2', roles: ['CITIZEN'], providerId: null });
    expect(actor).toEqual({ role: 'CITIZEN', userId: 'u2', providerId: null });
    expect(planTransition('accept', { ...happyPath.accept, actor: actor! })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('gives no actor for an account without roles', () => {
    expect(transitionActorFor('withdraw', { userId: 'u3', roles: [], providerId: null })).toBeNull();
  });
});
