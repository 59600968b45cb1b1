import type { BackgroundTask } from '@portal/kit';
import type DataLoader from 'dataloader';
import type { IdentityContext } from '../context';

/** How long a read waits for the projection to catch up before refusing (the consumer is usually there already). */
const CATCH_UP_TIMEOUT_MS = 2000;

/**
 * Answers "has this person applied to the caller's provider?" from identity's projection. A
 * submission the projection has not consumed yet must not refuse the officer who was just notified of
 * it: before refusing, a read asks the consumer to catch up with the event log once (bounded).
 */
export class ProviderApplicants {
  private consumer: BackgroundTask | null = null;

  /** The running projection consumer (set when the subgraph starts its background work). */
  attach(consumer: BackgroundTask): void {
    this.consumer = consumer;
  }

  /** For the caller's provider: whether each of the given accounts has applied to it. One query per request batch. */
  appliedToCallersProvider(ctx: IdentityContext): DataLoader<string, boolean> {
    return ctx.loaders.get<string, boolean>('identity.appliedToCallersProvider', async (ids) => {
      const providerId = ctx.caller.providerId;
      if (!providerId) return ids.map(() => false);
      let known = await this.applicantsAmong(ctx, providerId, ids);
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0 && (await this.catchUp())) {
        known = new Set([...known, ...(await this.applicantsAmong(ctx, providerId, unknown))]);
      }
      return ids.map((id) => known.has(id));
    });
  }

  /** Lets the projection consume what the event log holds now; false when there is no consumer here. */
  async catchUp(): Promise<boolean> {
    if (!this.consumer) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CATCH_UP_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.consumer.drain(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  }

  private async applicantsAmong(ctx: IdentityContext, providerId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await ctx.em.execute<Array<{ applicant_id: string }>>(
      'select applicant_id from identity.provider_applicant where provider_id = ? and applicant_id = any(?::uuid[])',
      [providerId, `{${ids.join(',')}}`],
    );
    return new Set(rows.map((row) => row.applicant_id));
  }
}
