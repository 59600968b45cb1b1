import { upgradeClientIp } from '@portal/gateway';
import { captureLogs, startTelemetry, type Telemetry } from '@portal/kit';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage } from 'node:http';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { subscribe } from '../support/subscriptions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Needs identity (me) and catalog (services): two subgraph fetches in one request. */
const ME_AND_CATALOGUE = '{ me { id } services(first: 1) { totalCount } }';

describe('request ids in answers and logs, one trace per request, the client’s language on WebSocket', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let platform: TestPlatform;
  let citizen: string;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    telemetry = startTelemetry('portal-test', { spanProcessors: [new SimpleSpanProcessor(exporter)] });
    logs = captureLogs();
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
  });
  afterAll(async () => {
    logs?.stop();
    await platform?.close();
    await telemetry?.shutdown();
  });

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}`, ...headers }, body: JSON.stringify({ query }) });

  describe('request ids', () => {
    it("echoes the client's sane x-request-id, and the gateway and each subgraph called log the request under it", async () => {
      const requestId = `web-${Date.now()}-echo`;
      const response = await post(ME_AND_CATALOGUE, { 'x-request-id': requestId });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(requestId);
      await response.json();
      const lines = logs.lines.filter((line) => line.requestId === requestId);
      const services = new Set(lines.map((line) => line.service));
      expect([...services]).toEqual(expect.arrayContaining(['gateway', 'subgraph-identity', 'subgraph-catalog']));
      // one access line per request and service, at its end
      expect(lines.filter((line) => line.service === 'gateway' && line.message === 'request completed')).toHaveLength(1);
      for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String) }));
    });

    it.each([
      ['absent', undefined],
      ['too long', 'x'.repeat(300)],
      ['with characters unsafe in logs', 'bad id; with spaces'],
    ])('generates a fresh id when the client’s is %s, and passes that one on', async (_what, header) => {
      const response = await post(ME_AND_CATALOGUE, header === undefined ? {} : { 'x-request-id': header });
      const requestId = response.headers.get('x-request-id')!;
      expect(requestId).toMatch(UUID);
      await response.json();
      expect(logs.lines.some((line) => line.requestId === requestId && line.service === 'subgraph-catalog')).toBe(true);
    });

    it('names the request id on every other answer too (health, not found)', async () => {
      for (const path of ['/health', '/nowhere']) {
        const response = await fetch(platform.gatewayUrl.replace(/\/graphql$/, path), { headers: { 'x-request-id': 'probe-12345678' } });
        expect(response.headers.get('x-request-id')).toBe('probe-12345678');
      }
    });
  });

  describe('traces', () => {
    it('one request through the gateway is one trace: the gateway, a fetch per subgraph, each subgraph and its SQL', async () => {
      exporter.reset();
      const response = await post(ME_AND_CATALOGUE, { 'x-request-id': 'trace-12345678' });
      expect((await response.json()).errors).toBeUndefined();
      const spans = exporter.getFinishedSpans();
      const gatewaySpan = spans.find((span) => span.name === 'gateway POST /graphql' && span.attributes['portal.request_id'] === 'trace-12345678');
      expect(gatewaySpan).toBeDefined();
      const traceId = gatewaySpan!.spanContext().traceId;
      const trace = spans.filter((span) => span.spanContext().traceId === traceId);
      const named = (name: string) => trace.filter((span) => span.name === name);
      expect(named('gateway.request')).toHaveLength(1);
      const fetches = named('gateway.fetch');
      expect(fetches.map((span) => span.attributes.service).sort()).toEqual(['catalog', 'identity']);
      const subgraphSpans = trace.filter((span) => /^subgraph-\w+ POST \/graphql$/.test(span.name));
      expect(subgraphSpans.map((span) => span.name).sort()).toEqual(['subgraph-catalog POST /graphql', 'subgraph-identity POST /graphql']);
      // each subgraph's span is the child of the gateway's fetch of it (traceparent propagated)
      const fetchIds = new Set(fetches.map((span) => span.spanContext().spanId));
      for (const span of subgraphSpans) expect(fetchIds.has(parentOf(span)!)).toBe(true);
      const sql = trace.filter((span) => span.name.startsWith('SQL '));
      expect(sql.length).toBeGreaterThan(0);
      expect(sql.some((span) => span.attributes['db.namespace'] === 'catalog')).toBe(true);
      const subgraphSpanIds = new Set(subgraphSpans.map((span) => span.spanContext().spanId));
      expect(sql.every((span) => subgraphSpanIds.has(parentOf(span)!))).toBe(true);
    });

    it("does not continue a client's traceparent at the public edge", async () => {
      exporter.reset();
      const foreignTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
      await (await post('{ services(first: 1) { totalCount } }', { traceparent: `00-${foreignTrace}-00f067aa0ba902b7-01`, 'x-request-id': 'foreign-12345678' })).json();
      const gatewaySpan = exporter.getFinishedSpans().find((span) => span.attributes['portal.request_id'] === 'foreign-12345678' && span.name.startsWith('gateway '));
      expect(gatewaySpan).toBeDefined();
      expect(gatewaySpan!.spanContext().traceId).not.toBe(foreignTrace);
    });
  });

  describe('language and address on WebSocket, as on HTTP', () => {
    const NOT_A_CURSOR = 'subscription { myApplicationUpdates(since: "not-a-cursor") { to } }';
    const firstError = async (options: Parameters<typeof subscribe>[2]) => {
      const subscriber = subscribe(platform.gatewayUrl, NOT_A_CURSOR, { token: citizen, ...options });
      await subscriber.waitFor(() => subscriber.errors.length > 0);
      await subscriber.dispose();
      // errors refused at subscribe come as one array (graphql-ws `error` message)
      return (subscriber.errors as Array<{ message?: string }[] | { message?: string }>).flat()[0].message;
    };

    it("answers a Russian client in Russian (its upgrade's Accept-Language), though the user prefers Kyrgyz", async () => {
      expect(await firstError({ headers: { 'accept-language': 'ru-RU,ru;q=0.9' } })).toMatch(/^`since` не является курсором ленты/);
    });

    it('or by the `language` connection parameter, which a browser app can set', async () => {
      expect(await firstError({ connectionParams: { language: 'ru' }, headers: { 'accept-language': 'ky' } })).toMatch(/^`since` не является курсором ленты/);
    });

    it("falls back to the user's preference (Kyrgyz) without either", async () => {
      expect(await firstError({})).toMatch(/^`since` агымдын курсору эмес/);
    });

    it('takes the client address from X-Forwarded-For only behind a trusted proxy', () => {
      const upgrade = { headers: { 'x-forwarded-for': '203.0.113.7, 10.0.0.2' }, socket: { remoteAddress: '10.0.0.2' } } as unknown as IncomingMessage;
      expect(upgradeClientIp(upgrade, true)).toBe('203.0.113.7');
      expect(upgradeClientIp(upgrade, false)).toBe('10.0.0.2');
    });
  });
});

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
