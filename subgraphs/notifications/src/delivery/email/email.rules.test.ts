import { classifySmtpFailure, composeEmail, emailSubject, escapeHtml, portalLinks } from './email.rules';

const APPLICATION = '5d0c8f0e-1111-4a22-8333-944455556666';

describe('composeEmail', () => {
  const notice = {
    language: 'RU' as const,
    title: 'Заявление № KG-2026-000101 получено',
    body: 'Ваше заявление № KG-2026-000101 по услуге «Справка» передано поставщику услуги.',
    applicationId: APPLICATION,
    applicationNumber: 'KG-2026-000101',
  };

  it('writes text and HTML in the recipient language, with the cabinet and the preferences', () => {
    const email = composeEmail(notice, 'https://portal.example.kg/');
    expect(email.subject).toBe('Заявление № KG-2026-000101 получено');
    expect(email.cabinetUrl).toBe(`https://portal.example.kg/cabinet/applications/${APPLICATION}`);
    expect(email.preferencesUrl).toBe('https://portal.example.kg/cabinet/settings/notifications');
    expect(email.text).toContain(notice.body);
    expect(email.text).toContain(`Открыть в личном кабинете: ${email.cabinetUrl}`);
    expect(email.html).toContain('<html lang="ru">');
    expect(email.html).toContain(`<a href="${email.cabinetUrl}">Открыть в личном кабинете</a>`);
    expect(email.html).toContain('не отвечайте');
  });

  it('speaks Kyrgyz to a Kyrgyz reader', () => {
    const email = composeEmail({ ...notice, language: 'KY', title: '№ KG-2026-000101 өтүнмө алынды', body: 'Өтүнмөңүз жөнөтүлдү.' }, 'http://localhost:4000/');
    expect(email.html).toContain('<html lang="ky">');
    expect(email.text).toContain('Жеке кабинетте ачуу: http://localhost:4000/cabinet/applications/');
    expect(email.text).not.toMatch(/Открыть|личном/);
  });

  it('escapes everything that came from users or officers', () => {
    const email = composeEmail({ ...notice, body: 'Причина: <script>alert("x")</script> & <b>\'</b>' }, 'http://localhost:4000/');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;&#39;&lt;/b&gt;');
    expect(email.text).toContain('<script>alert("x")</script>');
  });

  it('links account notices to the list of notices', () => {
    expect(portalLinks('http://localhost:4000', null).cabinetUrl).toBe('http://localhost:4000/cabinet/notifications');
  });
});

describe('emailSubject', () => {
  it('adds the application number when the title lacks it, and flattens line breaks', () => {
    expect(emailSubject({ title: 'Оплатите\nуслугу', applicationNumber: 'KG-2026-000007' })).toBe('Оплатите услугу (№ KG-2026-000007)');
    expect(emailSubject({ title: 'Вход выполнен', applicationNumber: null })).toBe('Вход выполнен');
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('classifySmtpFailure', () => {
  it('fails a refused recipient for good', () => {
    expect(classifySmtpFailure({ message: "Can't send mail - all recipients were rejected", code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' })).toEqual({
      kind: 'permanent',
      reason: 'The mail server refused the message for good (550 5.1.1 No such user).',
    });
    expect(classifySmtpFailure({ message: 'Message failed', code: 'EMESSAGE', responseCode: 554, response: '554 rejected' }).kind).toBe('permanent');
  });

  it('retries deferrals, refused connections and timeouts', () => {
    expect(classifySmtpFailure({ message: 'x', code: 'EENVELOPE', responseCode: 451, response: '451 try later' })).toEqual({ kind: 'transient', reason: 'The mail server deferred the message (451 try later).' });
    expect(classifySmtpFailure({ message: 'connect ECONNREFUSED 127.0.0.1:4106', code: 'ESOCKET' })).toEqual({
      kind: 'transient',
      reason: 'The mail server could not be reached (ESOCKET: connect ECONNREFUSED 127.0.0.1:4106).',
    });
    expect(classifySmtpFailure({ message: 'Greeting never received', code: 'ETIMEDOUT' }).kind).toBe('transient');
    expect(classifySmtpFailure({ message: '421 Service not available', code: 'EPROTOCOL', responseCode: 421 }).kind).toBe('transient');
  });

  it('keeps notices waiting while the portal login is refused, naming what to fix', () => {
    const outcome = classifySmtpFailure({ message: 'Invalid login', code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' });
    expect(outcome.kind).toBe('transient');
    expect(outcome.reason).toContain('SMTP_URL');
  });
});
