import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { fullNameOf, REGISTER, registerCitizen } from '../support/registration';
import { registerSimpleSigner } from '../support/signing';

const LOG = '{ tundukMessageLog(first: 50) { edges { node { seq service messageId userIdMasked issue outcome httpStatus prevHash entryHash } } } }';
const VERIFY = '{ verifyTundukMessageLog { ok entries brokenAtSeq reason headSeq } }';
const ACCESS_LOG = '{ myDataAccessLog { edges { node { actor actorRole purposeCode purpose fields } } } }';
const LOGIN_WITH_NATIONAL_ID = 'mutation($token: String!) { loginWithNationalId(idToken: $token) { accessToken user { id fullName birthDate address identityVerified } } }';

const AIDAI = { pin: '12207199300042', surname: 'Жумабекова', name: 'Айдай', patronymic: 'Канатовна', birthDate: '1993-07-22', address: 'г. Бишкек, мкр. Джал, 23, кв. 7' };

describe('verified registration against the population register, through the gateway', () => {
  let platform: TestPlatform;
  let operator: string;
  let termsVersion: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    operator = await platform.login('operator@portal.kg', 'Operator2026!');
    termsVersion = (await platform.ok<{ currentTermsVersion: string }>('{ currentTermsVersion }')).currentTermsVersion;
  });
  afterAll(async () => {
    platform?.tunduk.setMode('normal');
    await platform?.close();
  });

  const input = (pin: string, fullName: string, extra: Record<string, unknown> = {}) => ({
    input: { kind: 'INDIVIDUAL', pin, fullName, password: 'Naryn-River-2026', preferredLanguage: 'RU', acceptedTermsVersion: termsVersion, consentToPersonalDataProcessing: true, ...extra },
  });
  const canLogIn = async (pin: string) => (await platform.gql('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { login: pin, password: 'Naryn-River-2026' } })).data?.login != null;

  describe('refused', () => {
    it('a PIN whose name does not match: the message says the name did not match and shows nothing of the register', async () => {
      platform.tunduk.addPerson(AIDAI);
      const response = await platform.gql(REGISTER, input(AIDAI.pin, 'Жумабекова Айдана Канатовна'));
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      const [error] = response.errors!;
      expect(error!.message).toMatch(/Фамилия, имя и отчество не совпадают с записью Государственного реестра населения/);
      expect(error!.extensions).toMatchObject({ field: 'fullName', problem: 'REGISTER_FULL_NAME' });
      // nothing of what the register holds: not the real name, the address or the document
      expect(JSON.stringify(response)).not.toMatch(/Айдай\b|Джал|ID\d{7}/);
      expect(await canLogIn(AIDAI.pin)).toBe(false);
    });

    it('a deceased person', async () => {
      const person = { pin: '20502194000017', surname: 'Токтосунов', name: 'Бекташ', birthDate: '1940-02-05', deceased: true };
      platform.tunduk.addPerson(person);
      const response = await platform.gql(REGISTER, input(person.pin, fullNameOf(person)));
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0]!.message).toMatch(/этот человек умер/);
    });

    it('the register unavailable: a clear error with the time to retry, and no account', async () => {
      const person = { pin: '11808199500021', surname: 'Мамбетова', name: 'Чолпон', birthDate: '1995-08-18' };
      platform.tunduk.addPerson(person);
      platform.tunduk.setMode('unavailable');
      try {
        const response = await platform.gql(REGISTER, input(person.pin, fullNameOf(person)));
        expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
        expect(response.errors![0]!.message).toMatch(/Государственный реестр сейчас не отвечает.*Ничего не сохранено/);
        expect(response.errors![0]!.extensions).toMatchObject({ reason: 'REGISTER_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
      } finally {
        platform.tunduk.setMode('normal');
      }
      expect(await canLogIn(person.pin)).toBe(false);
      // back up (after the breaker's cool-down in tests): the same registration goes through
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await platform.gql(REGISTER, input(person.pin, fullNameOf(person)))).errors).toBeUndefined();
    });

    it("the message log and its check are the operator's only", async () => {
      const citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
      for (const query of [LOG, VERIFY]) {
        expect(errorCodes(await platform.gql(query, {}, { token: citizen }))).toEqual(['FORBIDDEN']);
        expect(errorCodes(await platform.gql(query))).toEqual(['UNAUTHENTICATED']);
      }
    });
  });

  describe('allowed', () => {
    it('a matching registration (case and ё aside) is identity-verified, with the register spelling, birth date and address', async () => {
      const response = await platform.gql(REGISTER, input(AIDAI.pin, '  ЖУМАБЕКОВА айдай   канатовна '));
      expect(response.errors).toBeUndefined();
      expect(response.data.register.user).toEqual({ id: expect.any(String), pin: AIDAI.pin, fullName: 'Жумабекова Айдай Канатовна', birthDate: '1993-07-22', address: AIDAI.address, identityVerified: true });
      const token = response.data.register.accessToken as string;
      expect((await platform.ok('{ me { identityVerified } }', {}, token)).me).toEqual({ identityVerified: true });
      // the citizen sees the registry read about them
      const log = await platform.ok(ACCESS_LOG, {}, token);
      expect(log.myDataAccessLog.edges.map((edge: { node: unknown }) => edge.node)).toContainEqual({
        actor: 'Портал: запрос через «Тундук» (Государственная регистрационная служба)',
        actorRole: null,
        purposeCode: 'IDENTITY_VERIFICATION',
        purpose: expect.stringMatching(/проверка личности по государственному реестру|инсандыгын/),
        fields: expect.arrayContaining(['surname', 'name', 'birthDate', 'deceased']),
      });
    });

    it("the registry reads are in the operator's message log, PINs masked, and the chain verifies", async () => {
      const log = await platform.ok(LOG, {}, operator);
      const entries = log.tundukMessageLog.edges.map((edge: { node: Record<string, unknown> }) => edge.node) as Array<Record<string, unknown>>;
      const reads = entries.filter((entry) => entry.userIdMasked === `**********${AIDAI.pin.slice(-4)}`);
      expect(reads.map((entry) => entry.outcome)).toEqual(['OK', 'OK']);
      expect(reads[0]).toMatchObject({ service: 'KG/GOV/70000002/population/person', issue: 'registration', httpStatus: 200 });
      expect(entries.some((entry) => entry.outcome === 'SERVER_ERROR')).toBe(true);
      expect(JSON.stringify(log)).not.toContain(AIDAI.pin);
      // newest first, each naming the hash of the one before
      for (let i = 0; i + 1 < entries.length; i += 1) expect(entries[i]!.prevHash).toBe(entries[i + 1]!.entryHash);
      const verified = await platform.ok(VERIFY, {}, operator);
      expect(verified.verifyTundukMessageLog).toMatchObject({ ok: true, entries: entries.length, brokenAtSeq: null, headSeq: entries[0]!.seq });
      // the stand-in saw the X-Road headers
      const exchange = platform.tunduk.exchanges.find((seen) => seen.messageId === reads[0]!.messageId);
      expect(exchange).toMatchObject({ client: 'KG/GOV/70000001/portal', userId: AIDAI.pin, issue: 'registration' });
    });

    it('an account created through national-ID sign-in takes name, birth date and address from the register', async () => {
      platform.tunduk.addPerson({ pin: '21404198700033', surname: 'Ташиев', name: 'Айбек', patronymic: 'Маратович', birthDate: '1987-04-14', address: 'г. Ош, ул. Ленина, 205' });
      const token = await platform.nationalId.issueIdToken({ pin: '21404198700033', name: 'Aibek Tashiev', address: 'Osh' });
      const signedIn = await platform.ok(LOGIN_WITH_NATIONAL_ID, { token });
      expect(signedIn.loginWithNationalId.user).toEqual({ id: expect.any(String), fullName: 'Ташиев Айбек Маратович', birthDate: '1987-04-14', address: 'г. Ош, ул. Ленина, 205', identityVerified: true });
      // a person the national system signs a token for is in the register too (the stand-ins' wiring)
      await platform.nationalId.issueIdToken({ pin: '11111199900044', name: 'Садыкова Нуриза', birthdate: '1999-11-11' });
      expect(platform.tunduk.registries.person('11111199900044')).toMatchObject({ surname: 'Садыкова', name: 'Нуриза', birthDate: '1999-11-11' });
    });

    it('the test helper registers a new citizen who may register a simple signing key', async () => {
      const citizen = await registerCitizen(platform, { pin: '22509199800055', surname: 'Абдыкадыров', name: 'Эмир', birthDate: '1998-09-25' });
      expect(citizen.user).toMatchObject({ fullName: 'Абдыкадыров Эмир', identityVerified: true });
      const signer = await registerSimpleSigner(platform, citizen.accessToken);
      expect(signer.keyId).toEqual(expect.any(String));
    });
  });
});
