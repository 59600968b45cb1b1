import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './context';
import { migrate, openDatabase, seedOnce } from './db';
import { attachEventBus, type BackgroundTask, createEventBus, type EventBus, type EventBusOptions, eventBusOptionsFromEnv } from './events';
import { type Route, type RunningServer, startSubgraphServer } from './http';
import { log } from './log';
import { ServiceMetrics } from './metrics';
import { startTelemetry, type Telemetry, traceSqlStatements } from './telemetry';

/** What the launcher, the composition script and the tests need to know to run any subgraph. */
export interface SubgraphStartOptions {
  databaseUrl: string;
  internalSecret: string;
  port: number;
  host?: string;
  /** Apply pending migrations before serving (default true). */
  migrate?: boolean;
  /** Load the demo seed once per database (default false). */
  seed?: boolean;
  onQuery?: (sql: string) => void;
  poolSize?: number;
  /** Where its relay publishes and its consumers read (default: the PostgreSQL log in databaseUrl). */
  eventBus?: Omit<EventBusOptions, 'databaseUrl'>;
}

export interface SubgraphDefinition<TContext extends SubgraphContext = SubgraphContext> {
  name: string;
  /** The Postgres schema this subgraph owns. */
  schema: string;
  entities: Constructor<object>[];
  migrations: Constructor<Migration>[];
  buildSchema(): Promise<GraphQLSchema>;
  seed?(em: EntityManager): Promise<void>;
  routes?(orm: MikroORM): Route[];
  extendContext?(base: SubgraphContext, orm: MikroORM): TContext;
  /** Largest request body accepted (default 1 MiB); a subgraph taking uploads raises it. */
  maxBodyBytes?: number;
  /** Background work (outbox relay, event consumers) started with the server and stopped on close. */
  background?(orm: MikroORM, context: { databaseUrl: string; metrics: ServiceMetrics; bus: EventBus }): BackgroundTask[];
}

export interface RunningSubgraph extends RunningServer {
  name: string;
  orm: MikroORM;
  /** Resolves when the background tasks have processed everything visible now (tests). */
  drain(): Promise<void>;
}

export async function runSubgraph<TContext extends SubgraphContext>(
  definition: SubgraphDefinition<TContext>,
  options: SubgraphStartOptions,
): Promise<RunningSubgraph> {
  const orm = await openDatabase({
    schema: definition.schema,
    databaseUrl: options.databaseUrl,
    entities: definition.entities,
    migrations: definition.migrations,
    onQuery: options.onQuery,
    poolSize: options.poolSize,
  });
  try {
    traceSqlStatements(orm, definition.schema);
    if (options.migrate ?? true) await migrate(orm);
    if (options.seed && definition.seed) {
      const seed = definition.seed;
      await seedOnce(orm, 'demo', seed);
    }
    const schema = await definition.buildSchema();
    const metrics = new ServiceMetrics(`subgraph-${definition.name}`);
    const server = await startSubgraphServer(
      {
        name: definition.name,
        schema,
        orm,
        internalSecret: options.internalSecret,
        routes: definition.routes?.(orm),
        maxBodyBytes: definition.maxBodyBytes,
        metrics,
        extendContext: definition.extendContext ? (base) => definition.extendContext!(base, orm) : undefined,
      },
      options.port,
      options.host,
    );
    const bus = createEventBus({ databaseUrl: options.databaseUrl, ...options.eventBus });
    attachEventBus(orm, bus);
    const background = definition.background?.(orm, { databaseUrl: options.databaseUrl, metrics, bus }) ?? [];
    return {
      ...server,
      name: definition.name,
      orm,
      async drain() {
        for (const task of background) await task.drain();
      },
      async close() {
        for (const task of background) await task.stop();
        await bus.close();
        await server.close();
        await orm.close(true);
      },
    };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/**
 * The entry point of a subgraph run as its own process (`node dist/main.js`): starts it, logs where
 * it listens, and closes it cleanly on SIGINT/SIGTERM. Outside production the demo seed loads once.
 */
export function runSubgraphProcess<TContext extends SubgraphContext>(
  build: () => { definition: SubgraphDefinition<TContext>; options: Omit<SubgraphStartOptions, 'seed'> & { production: boolean } },
): void {
  const processLog = log.child({ component: 'subgraph-process' });
  let telemetry: Telemetry | null = null;
  const start = async () => {
    const { definition, options } = build();
    telemetry = startTelemetry(`subgraph-${definition.name}`);
    const running = await runSubgraph(definition, { eventBus: eventBusOptionsFromEnv(process.env, options.databaseUrl), ...options, seed: !options.production });
    processLog.info({ subgraph: running.name }, `listening on ${running.url}/graphql`);
    const stop = () => {
      running.close().then(
        () => telemetry!.shutdown().finally(() => process.exit(0)),
        (error: unknown) => {
          processLog.error({ err: error }, 'closing failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  start().catch((error: unknown) => {
    processLog.fatal({ err: error }, 'the subgraph could not start');
    process.exit(1);
  });
}
