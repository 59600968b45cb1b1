import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, backgroundWork, log } from '@portal/kit';
import { addMonths, monthStart, partitionName, partitionPlan } from './data-access-partitions.rules';

/** How often the job looks (it also runs at start); months change rarely, replicas take turns. */
const MAINTENANCE_INTERVAL_MS = 6 * 60 * 60 * 1000;
const LOCK_KEY = 'identity.data_access_log partitions';

export interface PartitionMaintenance {
  created: string[];
  dropped: string[];
  /** False when another replica held the lock: it does the same work. */
  ran: boolean;
}

/**
 * Creates the access log's partitions ahead and drops those past the retention period, in one
 * transaction under an advisory lock, so replicas never race on the same DDL. Entries that fell into
 * the DEFAULT partition (a month without a partition yet) move into their month's new partition.
 */
export async function maintainAccessLogPartitions(em: EntityManager, now: Date, retentionMonths: number): Promise<PartitionMaintenance> {
  return em.fork().transactional(async (tx) => {
    const [{ locked }] = await tx.execute<Array<{ locked: boolean }>>('select pg_try_advisory_xact_lock(hashtext(?)) as locked', [LOCK_KEY]);
    if (!locked) return { created: [], dropped: [], ran: false };
    const existing = (
      await tx.execute<Array<{ name: string }>>(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'identity.data_access_log'::regclass`,
      )
    ).map((row) => row.name);
    const plan = partitionPlan(now, retentionMonths, existing);
    for (const month of plan.create) {
      const name = partitionName(month);
      const from = monthStart(month).toISOString();
      const to = monthStart(addMonths(month, 1)).toISOString();
      await tx.execute(`create table identity.${name} (like identity.data_access_log including defaults including constraints)`);
      await tx.execute(
        `with moved as (delete from identity.data_access_log_default where at >= ? and at < ? returning *) insert into identity.${name} select * from moved`,
        [from, to],
      );
      await tx.execute(`alter table identity.data_access_log attach partition identity.${name} for values from ('${from}') to ('${to}')`);
    }
    for (const name of plan.drop) {
      await tx.execute(`alter table identity.data_access_log detach partition identity.${name}`);
      await tx.execute(`drop table identity.${name}`);
    }
    return { created: plan.create.map(partitionName), dropped: plan.drop, ran: true };
  });
}

/** The periodic job identity runs beside its consumers. */
export function startAccessLogPartitionJob(orm: MikroORM, retentionMonths: number, now: () => Date = () => new Date()): BackgroundTask {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = backgroundWork
      .run('identity.access-log-partitions', () => maintainAccessLogPartitions(orm.em as unknown as EntityManager, now(), retentionMonths))
      .then((result) => {
        if (result.created.length + result.dropped.length > 0) {
          log.info({ subgraph: 'identity', created: result.created, dropped: result.dropped }, 'access-log partitions maintained');
        }
      })
      .catch((error: unknown) => {
        log.error({ subgraph: 'identity', err: error }, 'maintaining the access-log partitions failed (retried in 6 h; writes go to the default partition meanwhile)');
      });
  };
  run();
  const timer = setInterval(run, MAINTENANCE_INTERVAL_MS);
  timer.unref();
  return {
    drain: () => running.then(() => undefined),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
