import { DEFAULT_APPEAL_PROCEDURE, INACTION_COMPLAINT, type Notice, NOTIFICATION_TYPES, type NotificationType, renderNotice, TEMPLATES } from './templates.rules';

const application = {
  number: 'KG-2026-000123',
  serviceTitle: { ky: 'Соттолбогондугу жөнүндө маалымкат', ru: 'Справка об отсутствии судимости' },
};
const AT = new Date('2026-11-24T08:05:00Z'); // 24.11.2026 14:05 in Bishkek
const DUE = new Date('2026-11-27T12:00:00Z'); // 27.11.2026 18:00
const INTAKE_DUE = new Date('2026-11-25T12:00:00Z'); // 25.11.2026 18:00
const appeal = {
  ky: 'Чечимге 30 күндүн ичинде Ички иштер министрлигине даттанса болот',
  ru: 'Решение можно обжаловать в Министерство внутренних дел в течение 30 дней',
};
const reason = 'Паспорттун сканы окулбайт / скан паспорта нечитаем';

const complaint = {
  ...application,
  subject: 'INACTION' as const,
  at: AT,
  appealBodyName: { ky: 'Юстиция министрлиги', ru: 'Министерство юстиции' },
  dueAt: DUE,
  answer: 'Отказ не обоснован',
  reopenedTo: null,
};

/** One notice of every type, with every optional fact present. */
const EXAMPLES: { [T in NotificationType]: Extract<Notice, { type: T }> } = {
  APPLICATION_SUBMITTED: { type: 'APPLICATION_SUBMITTED', facts: { ...application, submittedAt: AT, intakeDueAt: INTAKE_DUE } },
  APPLICATION_ACCEPTED: { type: 'APPLICATION_ACCEPTED', facts: { ...application, registeredAt: AT, dueAt: DUE, paymentRequired: false } },
  APPLICATION_REJECTED: { type: 'APPLICATION_REJECTED', facts: { ...application, decidedAt: AT, reason, appealProcedure: appeal } },
  PAYMENT_REQUIRED: { type: 'PAYMENT_REQUIRED', facts: { ...application, amountMinor: 25000, uin: '01234567890123456789' } },
  PAYMENT_CONFIRMED: { type: 'PAYMENT_CONFIRMED', facts: { ...application, amountMinor: 25000, receiptNumber: 'R-2026-000042', paidAt: AT } },
  APPLICATION_REVIEW_STARTED: { type: 'APPLICATION_REVIEW_STARTED', facts: { ...application, startedAt: AT, dueAt: DUE } },
  APPLICATION_APPROVED: { type: 'APPLICATION_APPROVED', facts: { ...application, decidedAt: AT, resultDocumentNumber: 'DOC-2026-000777' } },
  APPLICATION_REFUSED: { type: 'APPLICATION_REFUSED', facts: { ...application, decidedAt: AT, reason, appealProcedure: appeal } },
  APPLICATION_WITHDRAWN: { type: 'APPLICATION_WITHDRAWN', facts: { ...application, withdrawnAt: AT } },
  APPLICATION_OVERDUE: { type: 'APPLICATION_OVERDUE', facts: { ...application, deadline: 'DECISION', dueAt: DUE } },
  PAYMENT_REFUNDED: {
    type: 'PAYMENT_REFUNDED',
    facts: { ...application, amountMinor: 25000, uin: '01234567890123456789', receiptNumber: 'RF-2026-000007', refundedAt: AT, reason: { ky: 'Өтүнмө кайтарылып алынды', ru: 'Заявление отозвано' } },
  },
  DRAFT_EXPIRING: { type: 'DRAFT_EXPIRING', facts: { serviceTitle: application.serviceTitle, lastChangedAt: AT, removalAt: DUE } },
  APPEAL_FILED: { type: 'APPEAL_FILED', facts: { ...complaint, audience: 'APPLICANT', dueAt: null, answer: null } },
  APPEAL_REGISTERED: { type: 'APPEAL_REGISTERED', facts: { ...complaint, audience: 'APPEAL_BODY', answer: null } },
  APPEAL_UNDER_REVIEW: { type: 'APPEAL_UNDER_REVIEW', facts: { ...complaint, audience: 'APPLICANT', answer: null } },
  APPEAL_UPHELD: { type: 'APPEAL_UPHELD', facts: { ...complaint, audience: 'PROVIDER', reopenedTo: 'IN_REVIEW' } },
  APPEAL_DISMISSED: { type: 'APPEAL_DISMISSED', facts: { ...complaint, audience: 'APPLICANT' } },
  APPEAL_OVERDUE: { type: 'APPEAL_OVERDUE', facts: { ...complaint, audience: 'APPEAL_BODY', answer: null } },
  APPLICATION_REOPENED: { type: 'APPLICATION_REOPENED', facts: { ...application, reopenedAt: AT, to: 'IN_REVIEW', dueAt: DUE, answer: 'Отказ не обоснован' } },
};

/** What each type's body must say, beyond the number and the service title. */
const MUST_SAY: Record<NotificationType, { ky: string[]; ru: string[] }> = {
  APPLICATION_SUBMITTED: { ky: ['24.11.2026 14:05', 'Жооптун акыркы мөөнөтү: 25.11.2026 18:00'], ru: ['24.11.2026 14:05', 'до 25.11.2026 18:00'] },
  APPLICATION_ACCEPTED: {
    ky: ['24.11.2026 14:05', 'болжолдуу аяктоо мөөнөтү: 27.11.2026 18:00'],
    ru: ['24.11.2026 14:05', 'Ожидаемый срок предоставления услуги: 27.11.2026 18:00'],
  },
  APPLICATION_REJECTED: {
    ky: ['24.11.2026 14:05', `Себеби: ${reason}.`, `Даттануу тартиби: ${appeal.ky}.`],
    ru: ['24.11.2026 14:05', `Причина: ${reason}.`, `Порядок обжалования: ${appeal.ru}.`],
  },
  PAYMENT_REQUIRED: { ky: ['250,00 сом', '01234567890123456789'], ru: ['250,00 сом', '01234567890123456789'] },
  PAYMENT_CONFIRMED: { ky: ['250,00 сом', 'R-2026-000042', '24.11.2026 14:05'], ru: ['250,00 сом', 'R-2026-000042', '24.11.2026 14:05'] },
  APPLICATION_REVIEW_STARTED: { ky: ['24.11.2026 14:05', '27.11.2026 18:00'], ru: ['24.11.2026 14:05', '27.11.2026 18:00'] },
  APPLICATION_APPROVED: { ky: ['24.11.2026 14:05', '№ DOC-2026-000777', 'жеке кабинет'], ru: ['24.11.2026 14:05', '№ DOC-2026-000777', 'личном кабинете'] },
  APPLICATION_REFUSED: {
    ky: ['24.11.2026 14:05', `Себеби: ${reason}.`, `Даттануу тартиби: ${appeal.ky}.`],
    ru: ['24.11.2026 14:05', `Причина: ${reason}.`, `Порядок обжалования: ${appeal.ru}.`],
  },
  APPLICATION_WITHDRAWN: { ky: ['24.11.2026 14:05'], ru: ['24.11.2026 14:05'] },
  APPLICATION_OVERDUE: {
    ky: ['белгиленген мөөнөттө чечим кабыл алган жок', 'Чечим кабыл алуунун акыркы мөөнөтү: 27.11.2026 18:00.', 'мөөнөтү өткөн деп белгиледи', INACTION_COMPLAINT.ky],
    ru: ['не принял в срок решение', 'Срок принятия решения: до 27.11.2026 18:00.', 'отметил заявление как просроченное', INACTION_COMPLAINT.ru],
  },
  APPEAL_FILED: { ky: ['аракетсиздигине', '24.11.2026 14:05', 'жогору турган орган азырынча белгилене элек'], ru: ['на бездействие', '24.11.2026 14:05', 'Вышестоящий орган для этого поставщика пока не указан'] },
  APPEAL_REGISTERED: { ky: ['Юстиция министрлиги', '27.11.2026 18:00', 'appealQueue'], ru: ['«Министерство юстиции»', 'Срок ответа: до 27.11.2026 18:00.', 'appealQueue'] },
  APPEAL_UNDER_REVIEW: { ky: ['кароого алынды', '27.11.2026 18:00'], ru: ['принята к рассмотрению', 'до 27.11.2026 18:00'] },
  APPEAL_UPHELD: { ky: ['канааттандырылды', 'Жооп: Отказ не обоснован.', 'кайра кароого кайтарылды'], ru: ['удовлетворена', 'Ответ: Отказ не обоснован.', 'заявление возвращено на рассмотрение'] },
  APPEAL_OVERDUE: { ky: ['белгиленген мөөнөттө жооп берген жок', '27.11.2026 18:00', 'answerAppeal'], ru: ['не получила ответа', 'Срок ответа: до 27.11.2026 18:00.', 'answerAppeal'] },
  APPEAL_DISMISSED: { ky: ['канааттандырылган жок', 'Жооп: Отказ не обоснован.', 'сотко'], ru: ['оставлена без удовлетворения', 'Ответ: Отказ не обоснован.', 'в суд'] },
  APPLICATION_REOPENED: { ky: ['24.11.2026 14:05', 'кайра каралат', '27.11.2026 18:00'], ru: ['на повторное рассмотрение', '24.11.2026 14:05', 'Новый срок: до 27.11.2026 18:00.'] },
  PAYMENT_REFUNDED: {
    ky: ['250,00 сом', 'Өтүнмө кайтарылып алынды.', '01234567890123456789', '24.11.2026 14:05', 'RF-2026-000007'],
    ru: ['250,00 сом', 'Заявление отозвано.', '01234567890123456789', '24.11.2026 14:05', 'RF-2026-000007'],
  },
  // the last change, the removal date and how to keep the draft
  DRAFT_EXPIRING: {
    ky: ['24.11.2026 14:05 бери', 'үч ай сакталат', '27.11.2026 18:00 өчүрүлөт', 'өзгөртүп сактаңыз же өтүнмөнү бериңиз'],
    ru: ['не изменялся с 24.11.2026 14:05', 'хранятся три месяца', 'будет удалён 27.11.2026 18:00', 'сохраните изменения или подайте заявление'],
  },
};

const CYRILLIC_KY_LETTERS = /[өүң]/i;

describe('TEMPLATES', () => {
  it('cover every notification type', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...NOTIFICATION_TYPES].sort());
  });

  describe.each(NOTIFICATION_TYPES)('%s', (type) => {
    const rendered = renderNotice(EXAMPLES[type]);

    it.each(['ky', 'ru'] as const)('names the application number (a draft has none) and the service in %s', (lang) => {
      if ('number' in EXAMPLES[type].facts) {
        expect(rendered.title[lang]).toContain(`№ ${application.number}`);
        expect(rendered.body[lang]).toContain(`№ ${application.number}`);
      }
      expect(rendered.body[lang]).toContain(`«${application.serviceTitle[lang]}»`);
      // the other language's title never leaks in
      expect(rendered.body[lang]).not.toContain(application.serviceTitle[lang === 'ky' ? 'ru' : 'ky']);
    });

    it.each(['ky', 'ru'] as const)('says what the type needs in %s', (lang) => {
      for (const fragment of MUST_SAY[type][lang]) expect(rendered.body[lang]).toContain(fragment);
    });

    it('writes Kyrgyz in Kyrgyz and Russian in Russian', () => {
      expect(rendered.title.ky).toMatch(CYRILLIC_KY_LETTERS);
      expect(rendered.body.ky).toMatch(CYRILLIC_KY_LETTERS);
      expect(rendered.title.ru).not.toMatch(CYRILLIC_KY_LETTERS);
      expect(rendered.body.ru).not.toMatch(/[өүң]/);
      expect(rendered.body.ru).not.toMatch(/undefined|null|NaN|Invalid/);
      expect(rendered.body.ky).not.toMatch(/undefined|null|NaN|Invalid/);
    });
  });

  it('render the submission notice in full', () => {
    expect(renderNotice(EXAMPLES.APPLICATION_SUBMITTED)).toEqual({
      title: { ky: '№ KG-2026-000123 өтүнмө алынды', ru: 'Заявление № KG-2026-000123 получено' },
      body: {
        ky:
          '«Соттолбогондугу жөнүндө маалымкат» кызматы боюнча № KG-2026-000123 өтүнмөңүз кызмат көрсөтүүчүгө жөнөтүлдү. ' +
          'Берилген күнү: 24.11.2026 14:05. Кызмат көрсөтүүчү өтүнмөнү каттайт же аны кабыл алуудан баш тартуунун себебин билдирет. ' +
          'Жооптун акыркы мөөнөтү: 25.11.2026 18:00.',
        ru:
          'Ваше заявление № KG-2026-000123 по услуге «Справка об отсутствии судимости» передано поставщику услуги. ' +
          'Дата подачи: 24.11.2026 14:05. Поставщик зарегистрирует заявление или сообщит мотивированный отказ в приёме. ' +
          'Срок ответа: до 25.11.2026 18:00.',
      },
    });
  });

  it('render the refusal in full, with reason and appeal procedure', () => {
    expect(renderNotice(EXAMPLES.APPLICATION_REFUSED).body.ru).toBe(
      'По заявлению № KG-2026-000123 (услуга «Справка об отсутствии судимости») поставщик услуги принял решение об отказе в предоставлении услуги. ' +
        'Дата решения: 24.11.2026 14:05. Причина: Паспорттун сканы окулбайт / скан паспорта нечитаем. ' +
        'Порядок обжалования: Решение можно обжаловать в Министерство внутренних дел в течение 30 дней.',
    );
  });

  it('tell a paid applicant that review waits for payment and that the UIN follows', () => {
    const { body } = renderNotice({ type: 'APPLICATION_ACCEPTED', facts: { ...application, registeredAt: AT, dueAt: null, paymentRequired: true } });
    expect(body.ru).toContain('Услуга платная: рассмотрение начнётся после подтверждения оплаты.');
    expect(body.ru).toContain('уникальный идентификатор начисления (УИН) вы получите отдельным уведомлением');
    // an event from before v2 carries no date: the notice says the count is suspended
    expect(body.ru).toContain('До подтверждения оплаты течение срока предоставления услуги приостановлено.');
    expect(body.ky).toContain('өтүнмөнү кароо төлөм ырасталгандан кийин башталат');
    expect(body.ky).toContain('төлөм ырасталганга чейин токтотулат');
    expect(body.ru).not.toContain('Ожидаемый срок');
  });

  it('R-35.1 for a paid service: the acceptance notice states the completion date if paid in time (R-40)', () => {
    const dueAtIfPaidBy = { paidBy: new Date('2026-11-24T12:00:00Z'), dueAt: new Date('2026-11-27T12:00:00Z') };
    const { body } = renderNotice({ type: 'APPLICATION_ACCEPTED', facts: { ...application, registeredAt: AT, dueAt: null, paymentRequired: true, dueAtIfPaidBy } });
    expect(body.ru).toContain('Если оплата будет подтверждена до 24.11.2026 18:00, срок окончания предоставления услуги: 27.11.2026 18:00.');
    expect(body.ky).toContain('Төлөм 24.11.2026 18:00 чейин ырасталса, кызмат көрсөтүүнүн аяктоо мөөнөтү: 27.11.2026 18:00.');
    expect(body.ru).toContain('до подтверждения оплаты течение срока приостановлено');
  });

  it('say the intake answer comes within a working day when no intake deadline is known', () => {
    const { body } = renderNotice({ type: 'APPLICATION_SUBMITTED', facts: { ...application, submittedAt: AT, intakeDueAt: null } });
    expect(body.ky).toContain('Жооп бир жумуш күндүн ичинде берилет.');
    expect(body.ru).toContain('Ответ поступит в течение одного рабочего дня.');
  });

  it('fall back to the general appeal route and say when no reason was given', () => {
    for (const type of ['APPLICATION_REJECTED', 'APPLICATION_REFUSED'] as const) {
      const { body } = renderNotice({ type, facts: { ...application, decidedAt: AT, reason: '  ', appealProcedure: null } } as Notice);
      expect(body.ky).toContain('Себеби көрсөтүлгөн эмес.');
      expect(body.ru).toContain('Причина не указана.');
      expect(body.ky).toContain(`Даттануу тартиби: ${DEFAULT_APPEAL_PROCEDURE.ky}`);
      expect(body.ru).toContain(`Порядок обжалования: ${DEFAULT_APPEAL_PROCEDURE.ru}`);
    }
  });

  it('point to the cabinet when the result has no document number', () => {
    const { body } = renderNotice({ type: 'APPLICATION_APPROVED', facts: { ...application, decidedAt: AT, resultDocumentNumber: null } });
    expect(body.ky).toContain('Жыйынтыгы жеке кабинеттеги өтүнмөнүн барагында жеткиликтүү.');
    expect(body.ru).toContain('Результат доступен в личном кабинете на странице заявления.');
  });

  describe('the overdue notice', () => {
    const overdue = (deadline: 'INTAKE' | 'DECISION', dueAt: Date | null) => renderNotice({ type: 'APPLICATION_OVERDUE', facts: { ...application, deadline, dueAt } });

    it('renders a missed intake answer in full, pointing to a complaint filed in the portal (R-37)', () => {
      expect(overdue('INTAKE', INTAKE_DUE)).toEqual({
        title: { ky: '№ KG-2026-000123 өтүнмө боюнча мөөнөт өтүп кетти', ru: 'Срок по заявлению № KG-2026-000123 истёк' },
        body: {
          ky:
            'Кызмат көрсөтүүчү «Соттолбогондугу жөнүндө маалымкат» кызматы боюнча № KG-2026-000123 өтүнмөңүзгө белгиленген мөөнөттө жооп берген жок: ' +
            'бир жумуш күндүн ичинде ал өтүнмөнү каттоого же аны кабыл алуудан баш тартуунун себебин билдирүүгө тийиш болчу. ' +
            'Жооптун акыркы мөөнөтү: 25.11.2026 18:00. Кызмат көрсөтүүчү жооп бергенде, билдирүү аласыз. ' +
            'Портал өтүнмөнү кызмат көрсөтүүчүнүн кезегинде мөөнөтү өткөн деп белгиледи. ' +
            'Кызмат көрсөтүүчүнүн аракетсиздигине ушул эле порталда даттана аласыз: жеке кабинеттеги өтүнмөнүн барагында «Даттануу берүү» баскычын басып, «аракетсиздик» дегенди тандаңыз. ' +
            'Даттанууну жогору турган орган «Административдик ишмердүүлүктүн негиздери жана административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген тартипте жана мөөнөттө карайт.',
          ru:
            'Поставщик услуги не ответил в срок на ваше заявление № KG-2026-000123 по услуге «Справка об отсутствии судимости»: ' +
            'в течение одного рабочего дня он должен был зарегистрировать заявление или сообщить мотивированный отказ в приёме. ' +
            'Срок ответа: до 25.11.2026 18:00. Когда поставщик ответит, вы получите уведомление. ' +
            'Портал отметил заявление как просроченное в очереди поставщика услуги. ' +
            'Пожаловаться на бездействие поставщика услуги можно здесь же, на портале: на странице заявления в личном кабинете нажмите «Подать жалобу» и выберите «бездействие». ' +
            'Жалобу рассмотрит вышестоящий орган в порядке и сроки, установленные Законом Кыргызской Республики «Об основах административной деятельности и административных процедурах».',
        },
      });
    });

    it('says which deadline was missed', () => {
      const intake = overdue('INTAKE', INTAKE_DUE).body;
      const decision = overdue('DECISION', DUE).body;
      expect(intake.ru).toContain('одного рабочего дня');
      expect(intake.ky).toContain('бир жумуш күндүн ичинде');
      expect(intake.ru).not.toContain('решение');
      expect(intake.ky).not.toContain('чечим');
      expect(decision.ru).not.toContain('рабочего дня');
      expect(decision.ky).not.toContain('жумуш күн');
      expect(decision.ru).toContain('Когда решение будет принято, вы получите уведомление.');
      expect(decision.ky).toContain('Чечим кабыл алынганда, билдирүү аласыз.');
    });

    it('leaves the date out rather than inventing one when the due time is unreadable', () => {
      for (const deadline of ['INTAKE', 'DECISION'] as const) {
        const { body } = overdue(deadline, null);
        expect(body.ru).not.toMatch(/Срок (ответа|принятия решения)|\d{2}\.\d{2}\.\d{4}/);
        expect(body.ky).not.toMatch(/акыркы мөөнөтү|\d{2}\.\d{2}\.\d{4}/);
        expect(body.ru).toContain(INACTION_COMPLAINT.ru);
        expect(body.ky).toContain(INACTION_COMPLAINT.ky);
      }
    });
  });
});

describe('where and how the result and a visit are (R-33, R-35.3, standard items 4-5)', () => {
  const reception = {
    place: { ky: 'Бишкек ш., Ибраимов к. 24, ЖАКБ, 3-терезе', ru: 'г. Бишкек, ул. Ибраимова 24, отдел ЗАГС, окно 3' },
    hours: { ky: 'дүйшөмбү-жума 9:00-17:00', ru: 'пн-пт 9:00-17:00' },
  };

  it('tells the applicant to collect a result handed over in person, and not to download it', () => {
    const rendered = renderNotice({ type: 'APPLICATION_APPROVED', facts: { ...application, decidedAt: AT, resultDocumentNumber: 'DOC-2026-000777', collection: reception } });
    expect(rendered.body.ru).toContain('Результат (№ DOC-2026-000777) выдаётся лично: г. Бишкек, ул. Ибраимова 24, отдел ЗАГС, окно 3. Часы приёма: пн-пт 9:00-17:00.');
    expect(rendered.body.ky).toContain('Бишкек ш., Ибраимов к. 24, ЖАКБ, 3-терезе. Кабыл алуу убактысы: дүйшөмбү-жума 9:00-17:00.');
    expect(rendered.body.ru).not.toContain('Скачайте');
    expect(rendered.body.ky).not.toContain('жүктөп алыңыз');
  });

  it('says a result chosen as an information-system record is in the system, not a document to download', () => {
    const rendered = renderNotice({ type: 'APPLICATION_APPROVED', facts: { ...application, decidedAt: AT, resultDocumentNumber: 'DOC-2026-000777', asRecord: true } });
    expect(rendered.body.ru).toContain('внесён в информационную систему поставщика услуги в виде записи № DOC-2026-000777');
    expect(rendered.body.ky).toContain('маалыматтык системасына № DOC-2026-000777 жазуу катары киргизилди');
    expect(rendered.body.ru).not.toContain('Скачайте');
  });

  it('tells of a required personal visit with the acceptance', () => {
    const rendered = renderNotice({ type: 'APPLICATION_ACCEPTED', facts: { ...application, registeredAt: AT, dueAt: DUE, paymentRequired: false, visit: reception } });
    expect(rendered.body.ru).toContain('Для предоставления услуги требуется личная явка: г. Бишкек, ул. Ибраимова 24, отдел ЗАГС, окно 3. Часы приёма: пн-пт 9:00-17:00.');
    expect(rendered.body.ky).toContain('Кызмат көрсөтүү үчүн жеке келүү талап кылынат');
    const without = renderNotice({ type: 'APPLICATION_ACCEPTED', facts: { ...application, registeredAt: AT, dueAt: DUE, paymentRequired: false } });
    expect(without.body.ru).not.toContain('личная явка');
  });
});
