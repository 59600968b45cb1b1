import { canReadAccrualsOf } from './accrual.rules';

describe('canReadAccrualsOf', () => {
  const payer = 'a5d1e7c2-3b1f-4c8e-9d70-000000000101';

  it('lets only the payer read', () => {
    expect(canReadAccrualsOf({ userId: payer }, payer)).toBe(true);
    expect(canReadAccrualsOf({ userId: payer.toUpperCase() }, payer)).toBe(true);
    expect(canReadAccrualsOf({ userId: 'a5d1e7c2-3b1f-4c8e-9d70-000000000102' }, payer)).toBe(false);
  });
});
