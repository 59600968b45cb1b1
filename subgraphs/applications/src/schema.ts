import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { applicationReference } from './application/application.reference';
import { AppealResolver, ApplicationAppealsResolver } from './appeal/appeal.resolver';
import { ApplicationResolver, FieldErrorResolver, StatusChangeResolver } from './application/application.resolver';
import { ApplicationSubscriptionResolver, gatewayOnlyPubSub } from './application/application.subscription';
import { DraftCopyResolver } from './application/draft-copy.resolver';
import { DocumentVerificationResolver, ResultDocumentResolver } from './document/document.resolver';
import { PrintableRequestResolver } from './document/printable-request.resolver';
import { ApplicationAttachmentsResolver, AttachmentResolver } from './attachment/attachment.resolver';
import { ApplicationDeliveryResolver, ProviderDeliveryResolver } from './edms/delivery.resolver';
import { QueueResolver, UserApplicationsResolver } from './queue/queue.resolver';
import { RatingCommentsResolver, ServiceRatingResolver } from './rating/rating.resolver';
import { ApplicationsMessageLogResolver } from './registry/message-log.resolver';
import { ApplicationRegistryDocumentsResolver, RegistryDocumentResolver } from './registry/registry-document.resolver';
import { serviceReference } from './service/service.reference';
import { ServiceVersionResolver } from './service/service.resolver';
import { Service } from './service/service.type';
import { ServiceStatisticsResolver } from './statistics/statistics.resolver';
import { userReference } from './user/user.reference';
import { User } from './user/user.type';

/** The applications subgraph schema; building it needs no database. */
export function buildApplicationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        ApplicationResolver,
        FieldErrorResolver,
        StatusChangeResolver,
        AppealResolver,
        ApplicationAppealsResolver,
        ApplicationSubscriptionResolver,
        DraftCopyResolver,
        QueueResolver,
        UserApplicationsResolver,
        DocumentVerificationResolver,
        ResultDocumentResolver,
        PrintableRequestResolver,
        AttachmentResolver,
        ApplicationAttachmentsResolver,
        ServiceRatingResolver,
        RatingCommentsResolver,
        ServiceVersionResolver,
        ApplicationRegistryDocumentsResolver,
        ApplicationsMessageLogResolver,
        RegistryDocumentResolver,
        ApplicationDeliveryResolver,
        ProviderDeliveryResolver,
        ServiceStatisticsResolver,
      ],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [Service, User],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
      pubSub: gatewayOnlyPubSub,
    },
    { ...serviceReference, ...userReference, ...applicationReference },
  );
}
