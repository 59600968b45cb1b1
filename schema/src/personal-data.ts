import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';

/** The committed registry of personal-data fields (see the file's header). */
export const PERSONAL_DATA_FIELDS_PATH = path.resolve(__dirname, '..', 'personal-data-fields.txt');
export const PERSONAL_DATA_TAG_NAME = 'personal-data';

/** `Type.field` to the name its reads get in the access log. */
export function parsePersonalDataRegistry(text: string): Map<string, string> {
  const registry = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [coordinate, logged, ...rest] = line.split(/\s+/);
    if (!coordinate || !logged || rest.length > 0 || !/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(coordinate)) throw new Error(`not a registry line: "${raw}"`);
    if (registry.has(coordinate)) throw new Error(`listed twice: ${coordinate}`);
    registry.set(coordinate, logged);
  }
  return registry;
}

export function readPersonalDataRegistry(): Map<string, string> {
  return parsePersonalDataRegistry(readFileSync(PERSONAL_DATA_FIELDS_PATH, 'utf8'));
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function objectFields(sdl: string): Array<{ type: string; field: FieldDefinitionNode }> {
  const out: Array<{ type: string; field: FieldDefinitionNode }> = [];
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const node = definition as ObjectNode;
    for (const field of node.fields ?? []) out.push({ type: node.name.value, field });
  }
  return out;
}

/** `Type.field` of every object field of a (super)graph SDL. */
export function objectFieldCoordinates(sdl: string): string[] {
  return [...new Set(objectFields(sdl).map(({ type, field }) => `${type}.${field.name.value}`))];
}

/** `Type.field` of every object field tagged personal-data in a (super)graph SDL. */
export function taggedPersonalDataFields(sdl: string): string[] {
  const tagged = objectFields(sdl)
    .filter(({ field }) =>
      (field.directives ?? []).some(
        (d) => d.name.value === 'tag' && d.arguments?.some((a) => a.name.value === 'name' && a.value.kind === Kind.STRING && a.value.value === PERSONAL_DATA_TAG_NAME),
      ),
    )
    .map(({ type, field }) => `${type}.${field.name.value}`);
  return [...new Set(tagged)].sort();
}

/** Field names that usually carry personal data. */
const LOOKS_PERSONAL = /pin|e-?mail|phone|birth|address|fullName|firstName|lastName|patronymic|passport|payer|^data$|document|^text$|comment|reason|subject|certificate|chat|telegram|^body$|downloadUrl/i;

/**
 * Untagged fields whose names look like personal data but are not someone's personal data served to
 * others, with why. Anything else that looks personal must be tagged (and logged) or listed here.
 */
export const PERSONAL_DATA_LOOKALIKES: Record<string, string> = {
  'NotificationPreferences.email': 'only the user may read their own preferences',
  'NotificationPreferences.phone': 'only the user may read their own preferences',
  'NotificationPreferences.telegramChatId': 'only the user may read their own preferences',
  'NotificationPreferences.telegramLinked': 'only the user may read their own preferences, and it is a yes or no',
  'Notification.body': "only the recipient may read their notifications",
  'Application.refusalReason': "the provider's reason, written for the applicant, not the applicant's data",
  'StatusChange.reason': "the provider's reason for a status change, not the applicant's data",
  'DocumentVerification.reason': 'public: why a document number does not verify',
  'Refund.reason': 'one of the portal\'s fixed texts (withdrawn, or refused where the standard returns the fee), not the payer\'s data',
  'ServiceChangeProposal.comment': "a provider's note on a catalogue change",
  'ServiceChangeProposal.rejectionReason': "the operator's reason on a catalogue change",
  'SigningKey.certificateIssuer': 'the certification authority, not the holder',
  'SigningKey.certificateNotAfter': 'a validity date, not the holder',
  'Service.requiredDocuments': 'the catalogue list of document types a service needs',
  'Application.registryDocuments': 'the fetch state of each document; their content is RegistryDocument.data, tagged',
  'RegistryDocument.waiverReason': "the officer's reason for registering without the document, not the applicant's data",
  'TundukMessageLogVerification.reason': "why the operator's message-log check failed (an entry altered or removed), no person's data",
  'User.emailVerified': 'a yes or no, not the address; only the holder and the operator (support) see it',
  'User.phoneVerified': 'a yes or no, not the number; only the holder and the operator (support) see it',
  'ServiceRatingComment.comment': 'a comment on the service, shown to its provider and the operator without the rater or the application',
  'Appeal.subject': 'one of DECISION, ACTION, INACTION: what a complaint is about, not the applicant\'s data',
};

/** Untagged object fields whose names look like personal data and are not explained in PERSONAL_DATA_LOOKALIKES. */
export function unexplainedLookalikes(sdl: string): string[] {
  const tagged = new Set(taggedPersonalDataFields(sdl));
  const found = objectFields(sdl)
    .filter(({ type }) => !ROOT_TYPES.has(type) && !type.startsWith('join__') && !type.startsWith('link__'))
    .map(({ type, field }) => `${type}.${field.name.value}`)
    .filter((coordinate) => LOOKS_PERSONAL.test(coordinate.split('.')[1]) && !tagged.has(coordinate) && !(coordinate in PERSONAL_DATA_LOOKALIKES));
  return [...new Set(found)].sort();
}
