import { canPayAccrual, canReadAccrual, canReadAccrualsOf } from './accrual.rules';

const payer = 'a5d1e7c2-3b1f-4c8e-9d70-000000000101';
const other = 'a5d1e7c2-3b1f-4c8e-9d70-000000000102';
const officer = 'a5d1e7c2-3b1f-4c8e-9d70-000000000201';
const provider = '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001';
const otherProvider = '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0002';
const accrual = { payerId: payer, providerId: provider };

describe('canReadAccrualsOf', () => {
  it('lets only the payer read', () => {
    expect(canReadAccrualsOf({ userId: payer }, payer)).toBe(true);
    expect(canReadAccrualsOf({ userId: payer.toUpperCase() }, payer)).toBe(true);
    expect(canReadAccrualsOf({ userId: other }, payer)).toBe(false);
  });
});

describe('canReadAccrual', () => {
  it('refuses other citizens, officers of another provider, officers without a provider and operators', () => {
    expect(canReadAccrual({ userId: other, roles: ['CITIZEN'], providerId: null }, accrual)).toBe(false);
    expect(canReadAccrual({ userId: officer, roles: ['PROVIDER_OFFICER'], providerId: otherProvider }, accrual)).toBe(false);
    expect(canReadAccrual({ userId: officer, roles: ['PROVIDER_OFFICER'], providerId: null }, accrual)).toBe(false);
    expect(canReadAccrual({ userId: officer, roles: ['OPERATOR'], providerId: null }, accrual)).toBe(false);
    // the provider id alone is not enough: the caller must hold the officer role
    expect(canReadAccrual({ userId: other, roles: ['CITIZEN'], providerId: provider }, accrual)).toBe(false);
  });

  it("lets the payer and the officers of the application's provider read", () => {
    expect(canReadAccrual({ userId: payer, roles: ['CITIZEN'], providerId: null }, accrual)).toBe(true);
    expect(canReadAccrual({ userId: officer, roles: ['PROVIDER_OFFICER'], providerId: provider.toUpperCase() }, accrual)).toBe(true);
  });
});

describe('canPayAccrual', () => {
  it('lets only the payer pay, not even the officer who may read it', () => {
    expect(canPayAccrual({ userId: payer }, accrual)).toBe(true);
    expect(canPayAccrual({ userId: officer }, accrual)).toBe(false);
  });
});
