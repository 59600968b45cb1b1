import { PageInfo, CONNECTION_LIST_SIZE } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ApplicationFilter } from '../application/application.inputs';
import { Application, ApplicationConnection, ApplicationEdge } from '../application/application.type';
import type { ApplicationsContext } from '../context';
import { User } from '../user/user.type';
import { type ApplicationPage, ownApplications, providerQueue } from './queue.service';

function connectionOf(page: ApplicationPage): ApplicationConnection {
  const edges = page.nodes.map(({ cursor, application }) => Object.assign(new ApplicationEdge(), { cursor, node: Application.from(application) }));
  const pageInfo = Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null });
  return Object.assign(new ApplicationConnection(), { edges, pageInfo, totalCount: page.totalCount });
}

@Resolver()
export class QueueResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => ApplicationConnection, {
    description: "PROVIDER_OFFICER: their provider's submitted applications, by due date (intake deadline while SUBMITTED, decision deadline otherwise), then id.",
  })
  async applicationQueue(
    @Arg('filter', () => ApplicationFilter, { nullable: true }) filter: ApplicationFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<ApplicationConnection> {
    return connectionOf(await providerQueue(ctx, filter, first, after));
  }
}

@Resolver(() => User)
export class UserApplicationsResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @FieldResolver(() => ApplicationConnection, { description: "The user's own applications, drafts included, newest first; only the user may list them." })
  async applications(
    @Root() user: User,
    @Arg('filter', () => ApplicationFilter, { nullable: true }) filter: ApplicationFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<ApplicationConnection> {
    return connectionOf(await ownApplications(ctx, user.id, filter, first, after));
  }
}
