import type { LocalizedText, Reception } from '@portal/kit';
import { asSentence, formatBishkekDateTime as when, formatSom } from './format.rules';

/**
 * The notices of R-34, R-35, R-40, R-41 and R-32, each rendered in both state languages (R-7)
 * from the facts of the event that caused it. Pure: no clock, no I/O.
 */
export const NOTIFICATION_TYPES = [
  'APPLICATION_SUBMITTED',
  'APPLICATION_ACCEPTED',
  'APPLICATION_REJECTED',
  'PAYMENT_REQUIRED',
  'PAYMENT_CONFIRMED',
  'APPLICATION_REVIEW_STARTED',
  'APPLICATION_APPROVED',
  'APPLICATION_REFUSED',
  'APPLICATION_WITHDRAWN',
  'APPLICATION_OVERDUE',
  'PAYMENT_REFUNDED',
  'DRAFT_EXPIRING',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Where and when the provider receives applicants in person (standard items 4-5). */
export type ReceptionFacts = Reception;

/** What every notice about an application names. */
export interface ApplicationFacts {
  /** The registration number; the cabinet lists applications by it. */
  number: string;
  serviceTitle: LocalizedText;
}

export interface NoticeFacts {
  APPLICATION_SUBMITTED: ApplicationFacts & { submittedAt: Date; intakeDueAt: Date | null };
  /** Registered at intake (R-35.1); a paid service waits for payment first (R-40). */
  APPLICATION_ACCEPTED: ApplicationFacts & {
    registeredAt: Date;
    dueAt: Date | null;
    paymentRequired: boolean;
    /** Paid services (R-35.1 with R-40): the completion date if the fee is confirmed by paidBy. */
    dueAtIfPaidBy?: { paidBy: Date; dueAt: Date } | null;
    /** The service requires the applicant to come in person: where and when (v2 events). */
    visit?: ReceptionFacts | null;
  };
  APPLICATION_REJECTED: ApplicationFacts & { decidedAt: Date; reason: string | null; appealProcedure: LocalizedText | null };
  PAYMENT_REQUIRED: ApplicationFacts & { amountMinor: number; uin: string };
  PAYMENT_CONFIRMED: ApplicationFacts & { amountMinor: number; receiptNumber: string; paidAt: Date };
  /** A paid application enters review once paid: only now is its completion date known. */
  APPLICATION_REVIEW_STARTED: ApplicationFacts & { startedAt: Date; dueAt: Date };
  APPLICATION_APPROVED: ApplicationFacts & {
    decidedAt: Date;
    resultDocumentNumber: string | null;
    /** R-35.3: the result is handed over in person here (absent: in the cabinet). */
    collection?: ReceptionFacts | null;
    /** R-33.2: the applicant chose the result as an information-system record (absent: a document). */
    asRecord?: boolean;
  };
  APPLICATION_REFUSED: ApplicationFacts & { decidedAt: Date; reason: string | null; appealProcedure: LocalizedText | null };
  APPLICATION_WITHDRAWN: ApplicationFacts & { withdrawnAt: Date };
  /** The provider missed a deadline (R-34): the intake answer (R-41) or the decision (S-21); dueAt is when it fell due. */
  APPLICATION_OVERDUE: ApplicationFacts & { deadline: MissedDeadline; dueAt: Date | null };
  /** The payment system returned the fee (withdrawn, or refused where the standard returns it); the refund receipt is in the cabinet. */
  PAYMENT_REFUNDED: ApplicationFacts & { amountMinor: number; uin: string; receiptNumber: string; refundedAt: Date; reason: LocalizedText };
  /** Retention (R-27.6): a draft untouched since lastChangedAt is removed at removalAt unless changed before. */
  DRAFT_EXPIRING: { serviceTitle: LocalizedText; lastChangedAt: Date; removalAt: Date };
}

/** Which of the provider's deadlines passed: the intake answer (R-41) or the decision (S-21). */
export const MISSED_DEADLINES = ['INTAKE', 'DECISION'] as const;
export type MissedDeadline = (typeof MISSED_DEADLINES)[number];

/** One notice to render: its type and the facts its template needs. */
export type Notice = { [T in NotificationType]: { type: T; facts: NoticeFacts[T] } }[NotificationType];

export interface RenderedNotice {
  title: LocalizedText;
  body: LocalizedText;
}

type Template<T extends NotificationType> = (facts: NoticeFacts[T]) => RenderedNotice;

/** Used when the service standard gives no appeal procedure: the general administrative route (R-38). */
export const DEFAULT_APPEAL_PROCEDURE: LocalizedText = {
  ky: '«Административдик ишмердүүлүктүн негиздери жана административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген тартипте чечимге жогору турган органга же сотко даттанууга болот.',
  ru: 'Решение можно обжаловать в вышестоящий орган или в суд в порядке, установленном Законом Кыргызской Республики «Об основах административной деятельности и административных процедурах».',
};

const reasonOf = (reason: string | null) => ({
  ky: reason?.trim() ? `Себеби: ${asSentence(reason)}` : 'Себеби көрсөтүлгөн эмес.',
  ru: reason?.trim() ? `Причина: ${asSentence(reason)}` : 'Причина не указана.',
});

const appealOf = (appeal: LocalizedText | null) => {
  const text = appeal && appeal.ky.trim() && appeal.ru.trim() ? appeal : DEFAULT_APPEAL_PROCEDURE;
  return { ky: `Даттануу тартиби: ${asSentence(text.ky)}`, ru: `Порядок обжалования: ${asSentence(text.ru)}` };
};

/** The applicant's remedy against a provider that let a deadline pass: a complaint about its inaction (R-37, R-38). */
export const INACTION_COMPLAINT: LocalizedText = {
  ky: 'Кызмат көрсөтүүчүнүн аракетсиздигине «Административдик ишмердүүлүктүн негиздери жана административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген тартипте жогору турган органга же сотко даттанууга болот.',
  ru: 'Бездействие поставщика услуги можно обжаловать в вышестоящий орган или в суд в порядке, установленном Законом Кыргызской Республики «Об основах административной деятельности и административных процедурах».',
};

const join = (...sentences: Array<string | false | null | undefined>) => sentences.filter(Boolean).join(' ');

export const TEMPLATES: { [T in NotificationType]: Template<T> } = {
  APPLICATION_SUBMITTED: ({ number: n, serviceTitle: s, submittedAt, intakeDueAt }) => ({
    title: { ky: `№ ${n} өтүнмө алынды`, ru: `Заявление № ${n} получено` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз кызмат көрсөтүүчүгө жөнөтүлдү.`,
        `Берилген күнү: ${when(submittedAt)}.`,
        'Кызмат көрсөтүүчү өтүнмөнү каттайт же аны кабыл алуудан баш тартуунун себебин билдирет.',
        intakeDueAt ? `Жооптун акыркы мөөнөтү: ${when(intakeDueAt)}.` : 'Жооп бир жумуш күндүн ичинде берилет.',
      ),
      ru: join(
        `Ваше заявление № ${n} по услуге «${s.ru}» передано поставщику услуги.`,
        `Дата подачи: ${when(submittedAt)}.`,
        'Поставщик зарегистрирует заявление или сообщит мотивированный отказ в приёме.',
        intakeDueAt ? `Срок ответа: до ${when(intakeDueAt)}.` : 'Ответ поступит в течение одного рабочего дня.',
      ),
    },
  }),

  APPLICATION_ACCEPTED: ({ number: n, serviceTitle: s, registeredAt, dueAt, paymentRequired, dueAtIfPaidBy: ifPaid, visit }) => ({
    title: { ky: `№ ${n} өтүнмө катталды`, ru: `Заявление № ${n} зарегистрировано` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз катталды.`,
        `Катталган күнү: ${when(registeredAt)}.`,
        paymentRequired
          ? 'Бул кызмат акы төлөнүүчү: өтүнмөнү кароо төлөм ырасталгандан кийин башталат. Төлөнө турган сумманы жана эсептөөнүн уникалдуу идентификаторун (УИН) өзүнчө билдирүү аркылуу аласыз.'
          : 'Өтүнмө кароого кабыл алынды.',
        dueAt
          ? `Кызмат көрсөтүүнүн болжолдуу аяктоо мөөнөтү: ${when(dueAt)}.`
          : ifPaid
            ? `Төлөм ${when(ifPaid.paidBy)} чейин ырасталса, кызмат көрсөтүүнүн аяктоо мөөнөтү: ${when(ifPaid.dueAt)}. Төлөм күтүлгөн ар бир кийинки жумуш күнү бул мөөнөттү бир жумуш күнгө жылдырат: төлөм ырасталганга чейин мөөнөттүн эсеби токтотулат.`
            : paymentRequired && 'Кызмат көрсөтүүнүн мөөнөтү төлөм ырасталганга чейин токтотулат.',
        visit && `Кызмат көрсөтүү үчүн жеке келүү талап кылынат: ${asSentence(visit.place.ky)} Кабыл алуу убактысы: ${asSentence(visit.hours.ky)} Инсандыгыңызды күбөлөндүрүүчү документти ала келиңиз.`,
      ),
      ru: join(
        `Заявление № ${n} по услуге «${s.ru}» зарегистрировано.`,
        `Дата регистрации: ${when(registeredAt)}.`,
        paymentRequired
          ? 'Услуга платная: рассмотрение начнётся после подтверждения оплаты. Сумму к оплате и уникальный идентификатор начисления (УИН) вы получите отдельным уведомлением.'
          : 'Заявление принято к рассмотрению.',
        dueAt
          ? `Ожидаемый срок предоставления услуги: ${when(dueAt)}.`
          : ifPaid
            ? `Если оплата будет подтверждена до ${when(ifPaid.paidBy)}, срок окончания предоставления услуги: ${when(ifPaid.dueAt)}. Каждый следующий рабочий день ожидания оплаты переносит его на один рабочий день: до подтверждения оплаты течение срока приостановлено.`
            : paymentRequired && 'До подтверждения оплаты течение срока предоставления услуги приостановлено.',
        visit && `Для предоставления услуги требуется личная явка: ${asSentence(visit.place.ru)} Часы приёма: ${asSentence(visit.hours.ru)} Возьмите с собой документ, удостоверяющий личность.`,
      ),
    },
  }),

  APPLICATION_REJECTED: ({ number: n, serviceTitle: s, decidedAt, reason, appealProcedure }) => ({
    title: { ky: `№ ${n} өтүнмөнү кабыл алуудан баш тартылды`, ru: `Отказ в приёме заявления № ${n}` },
    body: {
      ky: join(
        `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүздү кабыл алуудан баш тартты.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        reasonOf(reason).ky,
        'Маалыматтарды оңдоп, өтүнмөнү кайра бере аласыз.',
        appealOf(appealProcedure).ky,
      ),
      ru: join(
        `Поставщик услуги отказал в приёме заявления № ${n} по услуге «${s.ru}».`,
        `Дата решения: ${when(decidedAt)}.`,
        reasonOf(reason).ru,
        'Вы можете исправить данные и подать заявление заново.',
        appealOf(appealProcedure).ru,
      ),
    },
  }),

  PAYMENT_REQUIRED: ({ number: n, serviceTitle: s, amountMinor, uin }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча кызматтын акысын төлөңүз`, ru: `Оплатите услугу по заявлению № ${n}` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз каралышы үчүн ${formatSom(amountMinor)} төлөңүз.`,
        `Эсептөөнүн уникалдуу идентификатору (УИН): ${uin}.`,
        'Жеке кабинеттеги өтүнмөнүн барагынан же Электрондук төлөмдөрдүн мамлекеттик системасына туташкан онлайн-кызмат аркылуу УИНди көрсөтүп төлөй аласыз.',
        'Өтүнмөнү кароо төлөм ырасталгандан кийин башталат.',
      ),
      ru: join(
        `Для рассмотрения заявления № ${n} по услуге «${s.ru}» оплатите ${formatSom(amountMinor)}.`,
        `Уникальный идентификатор начисления (УИН): ${uin}.`,
        'Оплатить можно в личном кабинете на странице заявления или через онлайн-сервис, подключённый к Государственной системе электронных платежей, указав УИН.',
        'Рассмотрение начнётся после подтверждения оплаты.',
      ),
    },
  }),

  PAYMENT_CONFIRMED: ({ number: n, serviceTitle: s, amountMinor, receiptNumber, paidAt }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча төлөм ырасталды`, ru: `Оплата по заявлению № ${n} подтверждена` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз үчүн ${formatSom(amountMinor)} төлөм ырасталды.`,
        `Төлөнгөн күнү: ${when(paidAt)}.`,
        `Квитанциянын номери: ${receiptNumber}; квитанция жеке кабинетте сакталат.`,
        'Өтүнмө кароого берилет, кызмат көрсөтүүнүн мөөнөтү өзүнчө билдирилет.',
      ),
      ru: join(
        `Оплата ${formatSom(amountMinor)} по заявлению № ${n} (услуга «${s.ru}») подтверждена.`,
        `Дата оплаты: ${when(paidAt)}.`,
        `Номер квитанции: ${receiptNumber}; квитанция хранится в личном кабинете.`,
        'Заявление передаётся на рассмотрение, о сроке предоставления услуги сообщим отдельно.',
      ),
    },
  }),

  APPLICATION_REVIEW_STARTED: ({ number: n, serviceTitle: s, startedAt, dueAt }) => ({
    title: { ky: `№ ${n} өтүнмө каралууда`, ru: `Заявление № ${n} на рассмотрении` },
    body: {
      ky: join(
        `Төлөм алынды: «${s.ky}» кызматы боюнча № ${n} өтүнмөңүз кароого кабыл алынды.`,
        `Кароо башталган күнү: ${when(startedAt)}.`,
        `Кызмат көрсөтүүнүн болжолдуу аяктоо мөөнөтү: ${when(dueAt)}.`,
      ),
      ru: join(
        `Оплата получена: заявление № ${n} по услуге «${s.ru}» принято к рассмотрению.`,
        `Дата начала рассмотрения: ${when(startedAt)}.`,
        `Ожидаемый срок предоставления услуги: ${when(dueAt)}.`,
      ),
    },
  }),

  APPLICATION_APPROVED: ({ number: n, serviceTitle: s, decidedAt, resultDocumentNumber: doc, collection, asRecord }) => ({
    title: { ky: `№ ${n} өтүнмөнүн жыйынтыгы даяр`, ru: `Результат по заявлению № ${n} готов` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө оң чечим кабыл алынды.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        collection
          ? `Жыйынтыгын${doc ? ` (№ ${doc})` : ''} жеке өзүңүз аласыз: ${asSentence(collection.place.ky)} Кабыл алуу убактысы: ${asSentence(collection.hours.ky)} Инсандыгыңызды күбөлөндүрүүчү документти ала келиңиз.`
          : asRecord
            ? `Жыйынтыгы сиз тандагандай кызмат көрсөтүүчүнүн маалыматтык системасына${doc ? ` № ${doc}` : ''} жазуу катары киргизилди: мамлекеттик органдар аны «Түндүк» ведомстволор аралык өз ара аракеттенүү системасы аркылуу алышат, маалымкат талап кылынбайт. Жазуунун көчүрмөсү жеке кабинеттеги өтүнмөнүн барагында.`
            : doc
              ? `Жыйынтыгы — кызмат көрсөтүүчү кол койгон № ${doc} электрондук документ. Аны жеке кабинеттеги өтүнмөнүн барагынан жүктөп алыңыз. Документ юридикалык күчкө ээ; анын аныктыгын ар бир адам порталда документтин номери боюнча текшере алат.`
              : 'Жыйынтыгы жеке кабинеттеги өтүнмөнүн барагында жеткиликтүү.',
      ),
      ru: join(
        `По заявлению № ${n} (услуга «${s.ru}») принято положительное решение.`,
        `Дата решения: ${when(decidedAt)}.`,
        collection
          ? `Результат${doc ? ` (№ ${doc})` : ''} выдаётся лично: ${asSentence(collection.place.ru)} Часы приёма: ${asSentence(collection.hours.ru)} Возьмите с собой документ, удостоверяющий личность.`
          : asRecord
            ? `Результат, как вы выбрали, внесён в информационную систему поставщика услуги в виде записи${doc ? ` № ${doc}` : ''}: государственные органы получают его через систему межведомственного взаимодействия «Түндүк», справка не требуется. Копия записи — в личном кабинете на странице заявления.`
            : doc
              ? `Результат — электронный документ № ${doc}, подписанный поставщиком услуги. Скачайте его в личном кабинете на странице заявления. Документ имеет юридическую силу; его подлинность любой может проверить на портале по номеру документа.`
              : 'Результат доступен в личном кабинете на странице заявления.',
      ),
    },
  }),

  APPLICATION_REFUSED: ({ number: n, serviceTitle: s, decidedAt, reason, appealProcedure }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча кызмат көрсөтүүдөн баш тартылды`, ru: `Отказ в предоставлении услуги по заявлению № ${n}` },
    body: {
      ky: join(
        `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө кызмат көрсөтүүдөн баш тартуу жөнүндө чечим кабыл алды.`,
        `Чечим кабыл алынган күнү: ${when(decidedAt)}.`,
        reasonOf(reason).ky,
        appealOf(appealProcedure).ky,
      ),
      ru: join(
        `По заявлению № ${n} (услуга «${s.ru}») поставщик услуги принял решение об отказе в предоставлении услуги.`,
        `Дата решения: ${when(decidedAt)}.`,
        reasonOf(reason).ru,
        appealOf(appealProcedure).ru,
      ),
    },
  }),

  APPLICATION_WITHDRAWN: ({ number: n, serviceTitle: s, withdrawnAt }) => ({
    title: { ky: `№ ${n} өтүнмө кайтарылып алынды`, ru: `Заявление № ${n} отозвано` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүздү кайтарып алдыңыз.`,
        `Кайтарылып алынган күнү: ${when(withdrawnAt)}.`,
        'Өтүнмөнү кароо токтотулду. Зарыл болсо, жаңы өтүнмө бере аласыз.',
      ),
      ru: join(
        `Вы отозвали заявление № ${n} по услуге «${s.ru}».`,
        `Дата отзыва: ${when(withdrawnAt)}.`,
        'Рассмотрение заявления прекращено. При необходимости вы можете подать новое заявление.',
      ),
    },
  }),

  APPLICATION_OVERDUE: ({ number: n, serviceTitle: s, deadline, dueAt }) => {
    const missed = {
      INTAKE: {
        ky: join(
          `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө белгиленген мөөнөттө жооп берген жок: бир жумуш күндүн ичинде ал өтүнмөнү каттоого же аны кабыл алуудан баш тартуунун себебин билдирүүгө тийиш болчу.`,
          dueAt && `Жооптун акыркы мөөнөтү: ${when(dueAt)}.`,
          'Кызмат көрсөтүүчү жооп бергенде, билдирүү аласыз.',
        ),
        ru: join(
          `Поставщик услуги не ответил в срок на ваше заявление № ${n} по услуге «${s.ru}»: в течение одного рабочего дня он должен был зарегистрировать заявление или сообщить мотивированный отказ в приёме.`,
          dueAt && `Срок ответа: до ${when(dueAt)}.`,
          'Когда поставщик ответит, вы получите уведомление.',
        ),
      },
      DECISION: {
        ky: join(
          `Кызмат көрсөтүүчү «${s.ky}» кызматы боюнча № ${n} өтүнмөңүзгө белгиленген мөөнөттө чечим кабыл алган жок.`,
          dueAt && `Чечим кабыл алуунун акыркы мөөнөтү: ${when(dueAt)}.`,
          'Чечим кабыл алынганда, билдирүү аласыз.',
        ),
        ru: join(
          `Поставщик услуги не принял в срок решение по вашему заявлению № ${n} (услуга «${s.ru}»).`,
          dueAt && `Срок принятия решения: до ${when(dueAt)}.`,
          'Когда решение будет принято, вы получите уведомление.',
        ),
      },
    }[deadline];
    return {
      title: { ky: `№ ${n} өтүнмө боюнча мөөнөт өтүп кетти`, ru: `Срок по заявлению № ${n} истёк` },
      body: {
        ky: join(missed.ky, 'Портал өтүнмөнү кызмат көрсөтүүчүнүн кезегинде мөөнөтү өткөн деп белгиледи.', INACTION_COMPLAINT.ky),
        ru: join(missed.ru, 'Портал отметил заявление как просроченное в очереди поставщика услуги.', INACTION_COMPLAINT.ru),
      },
    };
  },

  DRAFT_EXPIRING: ({ serviceTitle: s, lastChangedAt, removalAt }) => ({
    title: { ky: `«${s.ky}» кызматы боюнча өтүнмөнүн долбоору өчүрүлөт`, ru: `Черновик заявления по услуге «${s.ru}» будет удалён` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча өтүнмөңүздүн долбоору ${when(lastChangedAt)} бери өзгөртүлгөн жок.`,
        `Долбоорлор акыркы өзгөртүүдөн кийин үч ай сакталат: ал ${when(removalAt)} өчүрүлөт.`,
        'Аны сактап калуу үчүн жеке кабинетте долбоорду ачып, өзгөртүп сактаңыз же өтүнмөнү бериңиз.',
      ),
      ru: join(
        `Черновик вашего заявления по услуге «${s.ru}» не изменялся с ${when(lastChangedAt)}.`,
        `Черновики хранятся три месяца после последнего изменения: он будет удалён ${when(removalAt)}.`,
        'Чтобы сохранить его, откройте черновик в личном кабинете и сохраните изменения или подайте заявление.',
      ),
    },
  }),

  PAYMENT_REFUNDED: ({ number: n, serviceTitle: s, amountMinor, uin, receiptNumber, refundedAt, reason }) => ({
    title: { ky: `№ ${n} өтүнмө боюнча төлөм кайтарылды`, ru: `Оплата по заявлению № ${n} возвращена` },
    body: {
      ky: join(
        `«${s.ky}» кызматы боюнча № ${n} өтүнмөңүз үчүн төлөнгөн ${formatSom(amountMinor)} сизге кайтарылды.`,
        asSentence(reason.ky),
        `Эсептөөнүн уникалдуу идентификатору: ${uin}.`,
        `Кайтарылган күнү: ${when(refundedAt)}.`,
        `Кайтаруу квитанциясынын номери: ${receiptNumber}; квитанция жеке кабинетте сакталат.`,
      ),
      ru: join(
        `Оплата ${formatSom(amountMinor)} по заявлению № ${n} (услуга «${s.ru}») возвращена вам.`,
        asSentence(reason.ru),
        `Уникальный идентификатор начисления: ${uin}.`,
        `Дата возврата: ${when(refundedAt)}.`,
        `Номер квитанции о возврате: ${receiptNumber}; квитанция хранится в личном кабинете.`,
      ),
    },
  }),
};

/** The title and body of a notice in both languages. */
export function renderNotice(notice: Notice): RenderedNotice {
  const template = TEMPLATES[notice.type] as Template<typeof notice.type>;
  return template(notice.facts as never);
}
