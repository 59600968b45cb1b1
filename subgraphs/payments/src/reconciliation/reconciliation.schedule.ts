import type { MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, startPeriodicTask } from '@portal/kit';
import { logPayments } from '../log';
import { SepsRefusedError, SepsUnavailableError } from '../payment/seps.client';
import { bishkekDayOf, previousDay } from './reconciliation.rules';
import { hasReport, type ReconciliationDependencies, reconcileDay } from './reconciliation.service';

/**
 * The daily run: every `checkMs` it looks whether yesterday (Bishkek) was reconciled and, if not,
 * reconciles it. Once a day has its report the schedule leaves it alone (an operator may run it
 * again); replicas that check at once are serialized by the per-day lock and write the same report.
 */
export function startReconciliationSchedule(orm: MikroORM, dependencies: ReconciliationDependencies, options: { checkMs: number; now?: () => Date }): BackgroundTask {
  const now = options.now ?? (() => new Date());
  return startPeriodicTask({
    name: 'reconciliation:payments',
    everyMs: options.checkMs,
    work: async () => {
      const day = previousDay(bishkekDayOf(now()));
      if (await hasReport(orm, day)) return false;
      try {
        await reconcileDay(orm, dependencies, { day, trigger: 'SCHEDULE', requestedBy: null });
      } catch (error) {
        if (!(error instanceof SepsUnavailableError) && !(error instanceof SepsRefusedError)) throw error;
        logPayments('warn', 'reconciliation_postponed', { day, error: error.message });
      }
      return false;
    },
  });
}
