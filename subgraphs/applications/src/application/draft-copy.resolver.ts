import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ApplicationsContext } from '../context';
import { Application } from './application.type';
import { copyApplicationToDraft } from './draft-copy.service';

@Resolver(() => Application)
export class DraftCopyResolver {
  @Mutation(() => Application, {
    description:
      "R-27.1: copies the caller's own submitted application into a new draft of the service's current published version: the form data field by field (a value the current form no longer has or accepts is dropped) and the files of its FILE fields; never the signature, payment, result or history. Someone else's application: FORBIDDEN; a draft: CONFLICT.",
  })
  async copyApplicationToDraft(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A key the client generated for this copy (e.g. a UUID): a retry with it answers the draft the first call made.' })
    idempotencyKey: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Application> {
    return Application.from((await copyApplicationToDraft(ctx, applicationId, idempotencyKey ?? null)).draft);
  }
}
