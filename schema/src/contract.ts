import { Supergraph } from '@apollo/federation-internals';
import {
  buildASTSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
} from 'graphql';

/** The client-facing API schema of a supergraph (what the gateway exposes). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

export function contractSchema(contractSdl: string): GraphQLSchema {
  return buildASTSchema(parse(contractSdl), { assumeValidSDL: false });
}

/** Every element of the contract by a stable id: `Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`. */
export function contractElements(contract: GraphQLSchema): string[] {
  const ids: string[] = [];
  for (const type of userTypes(contract)) {
    ids.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        ids.push(`${type.name}.${field.name}`);
        for (const arg of field.args) ids.push(`${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) ids.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) ids.push(`${type.name}.${value.name}`);
    }
  }
  return ids;
}

/**
 * Checks that `api` offers each contract element with a compatible type, and returns the ids of the
 * elements it lacks or offers incompatibly (with a reason). Compatible: output types may be
 * stricter (non-null where the contract allows null), inputs must match exactly, extra arguments
 * and input fields must be optional.
 */
export function missingContractElements(contract: GraphQLSchema, api: GraphQLSchema): Map<string, string> {
  const missing = new Map<string, string>();
  for (const type of userTypes(contract)) {
    const actual = api.getType(type.name);
    if (!actual) {
      missing.set(type.name, 'type is absent');
      continue;
    }
    if (kindOf(actual) !== kindOf(type)) {
      missing.set(type.name, `is a ${kindOf(actual)}, the contract says ${kindOf(type)}`);
      continue;
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(actual) || isInterfaceType(actual))) {
      const actualFields = actual.getFields();
      for (const field of Object.values(type.getFields())) {
        const id = `${type.name}.${field.name}`;
        const got = actualFields[field.name] as GraphQLField<unknown, unknown> | undefined;
        if (!got) {
          missing.set(id, 'field is absent');
          continue;
        }
        if (!isOutputSubtype(got.type, field.type)) missing.set(id, `type ${String(got.type)} is not compatible with ${String(field.type)}`);
        for (const arg of field.args) {
          const gotArg = got.args.find((a) => a.name === arg.name);
          if (!gotArg) missing.set(`${id}(${arg.name})`, 'argument is absent');
          else if (String(gotArg.type) !== String(arg.type)) missing.set(`${id}(${arg.name})`, `argument type ${String(gotArg.type)} differs from ${String(arg.type)}`);
        }
        const extraRequired = got.args.filter((a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined && !field.args.some((c) => c.name === a.name));
        if (extraRequired.length > 0) missing.set(id, `adds required argument(s) ${extraRequired.map((a) => a.name).join(', ')}`);
      }
    } else if (isInputObjectType(type) && isInputObjectType(actual)) {
      const actualFields = actual.getFields();
      for (const field of Object.values(type.getFields())) {
        const got = actualFields[field.name] as GraphQLInputField | undefined;
        const id = `${type.name}.${field.name}`;
        if (!got) missing.set(id, 'input field is absent');
        else if (String(got.type) !== String(field.type)) missing.set(id, `input type ${String(got.type)} differs from ${String(field.type)}`);
      }
      const extraRequired = Object.values(actualFields).filter((f) => isNonNullType(f.type as GraphQLInputType) && f.defaultValue === undefined && !type.getFields()[f.name]);
      if (extraRequired.length > 0) missing.set(type.name, `adds required input field(s) ${extraRequired.map((f) => f.name).join(', ')}`);
    } else if (isEnumType(type) && isEnumType(actual)) {
      for (const value of type.getValues()) {
        if (!actual.getValue(value.name)) missing.set(`${type.name}.${value.name}`, 'enum value is absent');
      }
    }
  }
  return missing;
}

/** `actual` may be used where the contract promises `expected` (covariant, nullability may tighten). */
function isOutputSubtype(actual: GraphQLOutputType, expected: GraphQLOutputType): boolean {
  if (isNonNullType(expected)) return isNonNullType(actual) && isOutputSubtype(actual.ofType, expected.ofType);
  if (isNonNullType(actual)) return isOutputSubtype(actual.ofType, expected);
  if (isListType(expected)) return isListType(actual) && isOutputSubtype(actual.ofType, expected.ofType);
  if (isListType(actual)) return false;
  return getNamedType(actual).name === getNamedType(expected).name;
}

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object type';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input type';
  if (isScalarType(type)) return 'scalar';
  return 'type';
}

/** Element ids listed as pending (one a line; `#` starts a comment). */
export function parsePendingList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}
