import { corsPreflight, corsResponseHeaders } from './cors';

describe('CORS at the gateway', () => {
  const allowed = new Set(['https://portal.example.kg']);

  it('refuses the preflight of other origins, of no origin and of other methods, with no grant', () => {
    for (const [origin, method] of [['https://evil.example', 'POST'], [undefined, 'POST'], ['https://portal.example.kg', 'DELETE']] as const) {
      const answer = corsPreflight(origin, method, allowed);
      expect(answer.status).toBe(403);
      expect(answer.headers?.['access-control-allow-origin']).toBeUndefined();
    }
    expect(corsResponseHeaders('https://evil.example', allowed)).toEqual({ vary: 'Origin' });
    expect(corsResponseHeaders(undefined, allowed)).toEqual({});
  });

  it('grants an allowed origin by name (never *), with credentials', () => {
    const answer = corsPreflight('https://portal.example.kg', 'POST', allowed);
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({ 'access-control-allow-origin': 'https://portal.example.kg', 'access-control-allow-credentials': 'true', vary: 'Origin' });
    expect(answer.headers?.['access-control-allow-headers']).toMatch(/authorization.*content-type.*accept-language.*apollo-require-preflight.*x-request-id/);
  });
});
