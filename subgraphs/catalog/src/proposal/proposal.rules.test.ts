import { DEMO_PROVIDERS } from '@portal/kit';
import { DEMO_SERVICES } from '../seed/demo-services';
import {
  checkProposal,
  decidedProblem,
  mayProposeFor,
  proposalListScope,
  rejectionReasonProblem,
  serviceCodeProblem,
  staleBaseProblem,
} from './proposal.rules';

const { MVD, GRS } = DEMO_PROVIDERS;

describe('mayProposeFor', () => {
  it('allows an operator for any provider', () => {
    expect(mayProposeFor({ roles: ['OPERATOR'], providerId: null }, MVD)).toEqual({ allowed: true });
  });

  it("allows an officer only for their own provider's services", () => {
    expect(mayProposeFor({ roles: ['PROVIDER_OFFICER'], providerId: MVD }, MVD)).toEqual({ allowed: true });
    expect(mayProposeFor({ roles: ['PROVIDER_OFFICER'], providerId: MVD }, GRS)).toEqual({
      allowed: false,
      reason: "Provider officers may propose changes only to their own provider's services.",
    });
    expect(mayProposeFor({ roles: ['PROVIDER_OFFICER'], providerId: null }, null)).toMatchObject({ allowed: false });
  });

  it('refuses citizens', () => {
    expect(mayProposeFor({ roles: ['CITIZEN'], providerId: null }, MVD)).toEqual({
      allowed: false,
      reason: 'Only provider officers and operators may propose catalogue changes.',
    });
  });
});

describe('proposalListScope', () => {
  it('is everything for an operator, the own provider for an officer, nothing for others', () => {
    expect(proposalListScope({ roles: ['OPERATOR'], providerId: null })).toEqual({ providerId: null });
    expect(proposalListScope({ roles: ['PROVIDER_OFFICER'], providerId: GRS })).toEqual({ providerId: GRS });
    expect(proposalListScope({ roles: ['PROVIDER_OFFICER'], providerId: null })).toBeNull();
    expect(proposalListScope({ roles: ['CITIZEN'], providerId: null })).toBeNull();
  });
});

describe('checkProposal', () => {
  const standard = DEMO_SERVICES[0].standard;

  it('defaults the deadline to 3 working days and stores a fee of 0 as free', () => {
    const check = checkProposal({ standard: { ...standard, deadlineWorkingDays: null, feeAmountMinor: 0 }, comment: '  ' });
    expect(check).toMatchObject({ ok: true, comment: null, standard: { deadlineWorkingDays: 3, feeAmountMinor: null } });
  });

  it('trims texts and drops form properties the form definition does not know', () => {
    const form = structuredClone(standard.form);
    Object.assign(form.steps[0].fields[0], { colour: 'red' });
    const check = checkProposal({ standard: { ...standard, title: { ky: '  Маалымкат ', ru: ' Справка ' }, form } });
    if (!check.ok) throw new Error(check.problems.join('; '));
    expect(check.standard.title).toEqual({ ky: 'Маалымкат', ru: 'Справка' });
    expect(check.standard.form.steps[0].fields[0]).not.toHaveProperty('colour');
    expect(check.standard.form.steps[0].fields[0]).toEqual(standard.form.steps[0].fields[0]);
  });

  it('reports problems of the standard and of the comment', () => {
    const check = checkProposal({ standard: { ...standard, description: { ky: '', ru: 'Описание' } }, comment: 'x'.repeat(2001) });
    expect(check).toEqual({ ok: false, problems: ['description.ky must not be empty', 'comment must be at most 2000 characters'] });
  });
});

describe('small checks', () => {
  it('serviceCodeProblem accepts lower-case words joined by "-"', () => {
    expect(serviceCodeProblem('mvd-no-criminal-record')).toBeNull();
    for (const code of ['ab', 'MVD-x', 'mvd--x', '-mvd', 'mvd-', 'мвд-справка', `a${'b'.repeat(64)}`]) {
      expect(serviceCodeProblem(code)).toMatch(/^code must be 3-64 lower-case Latin letters/);
    }
  });

  it('staleBaseProblem explains which version to propose on', () => {
    expect(staleBaseProblem(2, 2)).toBeNull();
    expect(staleBaseProblem(1, 3)).toBe('The change was proposed on version 1, but version 3 is now current: propose it again on version 3.');
  });

  it('decidedProblem lets only pending proposals be decided', () => {
    expect(decidedProblem('PENDING')).toBeNull();
    expect(decidedProblem('PUBLISHED')).toBe('The proposal is already published; only pending proposals can be published or rejected.');
  });

  it('rejectionReasonProblem wants a reason of sensible length', () => {
    expect(rejectionReasonProblem('Fee is wrong.')).toBeNull();
    expect(rejectionReasonProblem(' ')).toBe('reason must not be empty: tell the provider why the change was rejected');
    expect(rejectionReasonProblem('x'.repeat(2001))).toBe('reason must be at most 2000 characters');
  });
});
