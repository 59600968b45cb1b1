import { GraphQLError } from 'graphql';
import { maskUnexpectedError } from './errors';
import { captureLogs, currentRequestId, inRequestScope, log, requestIdFrom, requestLogger } from './log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it("keep the client's x-request-id when it is sane", () => {
    expect(requestIdFrom('web-7f3a9c1e-0001')).toBe('web-7f3a9c1e-0001');
    expect(requestIdFrom(['3f0c1f4e-1111-4a4a-9a9a-000000000001', 'second'])).toBe('3f0c1f4e-1111-4a4a-9a9a-000000000001');
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['too short', 'abc'],
    ['too long', 'x'.repeat(129)],
    ['with spaces', 'two words here'],
    ['with a line break (log forging)', 'abcdefgh\n{"level":"fatal"}'],
    ['with quotes', 'abcdefgh"injected'],
  ])('make a fresh one when the header is %s', (_what, header) => {
    expect(requestIdFrom(header)).toMatch(UUID);
  });
});

describe('log lines of a request', () => {
  let capture: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    capture = captureLogs();
  });
  afterEach(() => capture.stop());

  it('carry its request id wherever they are written, as JSON lines with the level named', async () => {
    const component = log.child({ component: 'test' });
    await inRequestScope({ requestId: 'req-aaaaaaaa' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      component.warn({ detail: 1 }, 'inside');
      expect(currentRequestId()).toBe('req-aaaaaaaa');
    });
    component.info('outside');
    expect(capture.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'inside', component: 'test', detail: 1, requestId: 'req-aaaaaaaa', time: expect.any(String) }),
      expect.objectContaining({ level: 'info', message: 'outside' }),
    ]);
    expect(capture.lines[1]).not.toHaveProperty('requestId');
  });

  it('name the request once on a logger already bound to it (Fastify’s request.log)', () => {
    const bound = requestLogger(log, { requestId: 'req-bbbbbbbb' });
    inRequestScope({ requestId: 'req-bbbbbbbb' }, () => bound.info('bound'));
    const [raw] = capture.lines;
    expect(raw.requestId).toBe('req-bbbbbbbb');
  });

  it('and a masked unexpected error carries the request id, logged with it', () => {
    const masked = inRequestScope({ requestId: 'req-cccccccc' }, () =>
      maskUnexpectedError({ message: 'relation "applications.x" does not exist', path: ['me'] }, new GraphQLError('relation "applications.x" does not exist', { originalError: new Error('SQL') })),
    );
    expect(masked.message).not.toMatch(/relation/);
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-cccccccc' });
    expect(capture.lines).toEqual([expect.objectContaining({ level: 'error', message: 'unexpected error', requestId: 'req-cccccccc' })]);
  });
});
