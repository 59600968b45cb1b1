import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { SepsRequestKind } from './seps-outbox.rules';

/** Queues a request to the payment system in the caller's transaction; the same request twice is one. */
export async function enqueueSepsRequest(em: EntityManager, kind: SepsRequestKind, subjectId: string): Promise<void> {
  await em.execute(`insert into payments.seps_request (id, kind, subject_id) values (?, ?, ?) on conflict (kind, subject_id) do nothing`, [randomUUID(), kind, subjectId]);
}
