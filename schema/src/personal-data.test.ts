import { objectFieldCoordinates, PERSONAL_DATA_LOOKALIKES, parsePersonalDataRegistry, readPersonalDataRegistry, taggedPersonalDataFields, unexplainedLookalikes } from './personal-data';
import { readCommittedSupergraph } from './compose';

describe('personal-data fields of the supergraph', () => {
  const supergraph = readCommittedSupergraph();

  it('are exactly the committed registry (schema/personal-data-fields.txt): a newly tagged or untagged field shows up in review', () => {
    expect(taggedPersonalDataFields(supergraph)).toEqual([...readPersonalDataRegistry().keys()].sort());
  });

  it('include every field whose name looks like personal data, unless explained as a look-alike', () => {
    expect(unexplainedLookalikes(supergraph)).toEqual([]);
  });

  it('explain only look-alikes that exist and are not tagged', () => {
    const tagged = new Set(taggedPersonalDataFields(supergraph));
    const fields = new Set(objectFieldCoordinates(supergraph));
    const stale = Object.keys(PERSONAL_DATA_LOOKALIKES).filter((coordinate) => tagged.has(coordinate) || !fields.has(coordinate));
    expect(stale).toEqual([]);
  });

  it('the checks catch an untagged look-alike and a tag missing from the registry', () => {
    const sdl = `type User { id: ID! passportNumber: String phone: String @tag(name: "personal-data") }`;
    expect(unexplainedLookalikes(sdl)).toEqual(['User.passportNumber']);
    expect(taggedPersonalDataFields(sdl)).toEqual(['User.phone']);
    expect(() => parsePersonalDataRegistry('User.phone')).toThrow(/not a registry line/);
  });
});
