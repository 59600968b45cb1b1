import { type Constructor, type LoggerNamespace, DefaultLogger, type LoggerOptions, ReflectMetadataProvider } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { Migration } from '@mikro-orm/migrations';
import { backgroundWork } from './events';
import { type EntityManager, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';

export interface SubgraphDatabaseOptions {
  /** The Postgres schema this subgraph owns; no other subgraph touches it. */
  schema: string;
  databaseUrl: string;
  entities: Constructor<object>[];
  migrations: Constructor<Migration>[];
  /** Called with every SQL statement the ORM sends for requests (tests count them to catch N+1); background tasks' statements are not reported. */
  onQuery?: (sql: string) => void;
  poolSize?: number;
}

class QueryObservingLogger extends DefaultLogger {
  constructor(options: LoggerOptions, private readonly onQuery: (sql: string) => void) {
    super(options);
  }
  override log(namespace: LoggerNamespace, _message: string, context?: { query?: string } & Record<string, unknown>): void {
    if (namespace === 'query' && context?.query && backgroundWork.getStore() === undefined) this.onQuery(context.query);
  }
  override isEnabled(namespace: LoggerNamespace): boolean {
    return namespace === 'query';
  }
}

/** Opens the subgraph's MikroORM on its own schema. Schema changes happen only through migrations. */
export async function openDatabase(options: SubgraphDatabaseOptions): Promise<MikroORM> {
  const onQuery = options.onQuery;
  return MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    schema: options.schema,
    entities: options.entities,
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true, warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: options.migrations.map((migration) => ({ name: migration.name, class: migration })),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: options.poolSize ?? 10 },
    debug: onQuery ? ['query'] : false,
    loggerFactory: onQuery ? (loggerOptions) => new QueryObservingLogger(loggerOptions, onQuery) : undefined,
  });
}

/**
 * Applies pending migrations of this subgraph's schema (all or nothing). Replicas starting together
 * take turns: a session advisory lock on a connection of its own is held while migrating.
 */
export async function migrate(orm: MikroORM): Promise<void> {
  const lock = new Client({ connectionString: orm.config.getClientUrl() });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`migrate:${orm.config.get('schema') as string}`]);
    await orm.getMigrator().up();
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}

/** SQL for the seed marker table; each subgraph's first migration creates it in its schema. */
export function seedRunTableSql(schema: string): string {
  return `create table "${schema}".seed_run (name text primary key, applied_at timestamptz not null default now())`;
}

/**
 * Runs a seed once per database: the marker row and the seed commit together, and an advisory
 * lock keeps two replicas starting at once from both seeding.
 */
export async function seedOnce(orm: MikroORM, name: string, seed: (em: EntityManager) => Promise<void>): Promise<boolean> {
  const schema = orm.config.get('schema') as string;
  return orm.em.fork().transactional(async (tx) => {
    // em.execute runs inside the transaction, so the xact lock holds until commit
    await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`${schema}.${name}`]);
    const done = await tx.execute(`select 1 from "${schema}".seed_run where name = ?`, [name]);
    if (done.length > 0) return false;
    await seed(tx);
    await tx.flush();
    await tx.execute(`insert into "${schema}".seed_run (name) values (?)`, [name]);
    return true;
  });
}

/** A timestamp column as a plain read returns it (pg's Date, or text through some drivers): a Date. */
export type TimestampColumn = string | Date;

export function dateOfColumn(value: TimestampColumn): Date;
export function dateOfColumn(value: TimestampColumn | null): Date | null;
export function dateOfColumn(value: TimestampColumn | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
