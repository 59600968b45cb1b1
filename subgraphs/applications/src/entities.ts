import { TundukMessageLogEntry } from '@portal/tunduk';
import { AppealChangeEntity, AppealEntity, ProviderAppealBodyEntity } from './appeal/appeal.entity';
import { ApplicationEntity, StatusChangeEntity } from './application/application.entity';
import { ProviderChannelEntity, ProviderDeliveryEntity } from './edms/edms.entity';
import { ResultDocumentEntity } from './document/result-document.entity';
import { AttachmentContentEntity, AttachmentEntity } from './attachment/attachment.entity';
import { ApplicantProfileEntity, ServiceVersionEntity, SigningKeyEntity } from './projection/projection.entity';
import { ServiceRatingEntity } from './rating/rating.entity';
import { RegistryDocumentEntity } from './registry/registry-document.entity';

/** Every MikroORM entity of the applications schema. */
export const applicationsEntities = [
  ServiceRatingEntity,
  ApplicationEntity,
  StatusChangeEntity,
  AppealEntity,
  AppealChangeEntity,
  ProviderAppealBodyEntity,
  ResultDocumentEntity,
  ApplicantProfileEntity,
  SigningKeyEntity,
  ServiceVersionEntity,
  RegistryDocumentEntity,
  TundukMessageLogEntry,
  ProviderChannelEntity,
  ProviderDeliveryEntity,
  AttachmentEntity,
  AttachmentContentEntity,
];
