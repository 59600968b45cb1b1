import { safeNext } from './auth-payload';

describe('where the app goes after sign-in', () => {
  it('follows a path of the app', () => {
    expect(safeNext('/applications/42?tab=history')).toBe('/applications/42?tab=history');
  });

  it('never leaves the app: other origins, protocol-relative and odd values go to the cabinet', () => {
    for (const next of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)', '', null, '\\\\evil']) {
      expect(safeNext(next)).toBe('/cabinet');
    }
  });
});
