/**
 * Demo catalogue: real e-services of the Kyrgyz Republic's providers, each with its standard in
 * Kyrgyz and Russian (S-18, S-21). Fees are illustrative amounts in tyiyn. Documents that state
 * registries hold are marked obtainedByPortal: the applicant is never asked for them.
 */
import type { FormDefinitionData, FormFieldDefinition, FormOptionDefinition, LocalizedText } from '@portal/kit';
import { registryDocument, type ServiceStandard } from '../service/service.rules';
import { DEMO_SERVICE_CODES, DEMO_SERVICE_IDS, type DemoServiceKey } from './demo-service-ids';
import type { DemoProviderCode } from './demo-providers';

export interface DemoService {
  key: DemoServiceKey;
  id: string;
  code: string;
  provider: DemoProviderCode;
  standard: ServiceStandard;
}

const som = (amount: number): number => amount * 100;

/** Budget classification codes the fees are paid to (illustrative values for the demo). */
const BUDGET_CODES = {
  civilStatusFee: '14231100',
  identityDocumentFee: '14231200',
  legalEntityRegistrationFee: '14231300',
  bishkekAdvertisingFee: '14521100',
  bishkekArchitectureFee: '14521200',
} as const;

// ---------------------------------------------------------------- shared texts

function statusCheck(inPersonPickup?: LocalizedText): LocalizedText {
  const common: LocalizedText = {
    ky:
      'Арыздын абалын Электрондук кызмат көрсөтүүлөрдүн мамлекеттик порталындагы жеке кабинеттин «Менин арыздарым» ' +
      'бөлүмүнөн арыздын номери боюнча көрүүгө болот. Абалы өзгөргөн сайын кабинетке жана тандалган каналдар ' +
      '(электрондук почта, SMS, Telegram) аркылуу билдирүү жөнөтүлөт.',
    ru:
      'Статус заявки отображается в личном кабинете на Государственном портале электронных услуг в разделе ' +
      '«Мои заявки» по номеру заявки. При каждом изменении статуса приходит уведомление в кабинет и по выбранным ' +
      'каналам (электронная почта, SMS, Telegram).',
  };
  const result: LocalizedText = inPersonPickup
    ? {
        ky: ` Жыйынтык даяр болгондо билдирүү келет; аны ${inPersonPickup.ky} инсандыгын күбөлөндүрүүчү документти көрсөтүп, жеке өзүңүз аласыз.`,
        ru: ` Когда результат будет готов, придет уведомление; получить его нужно лично ${inPersonPickup.ru}, предъявив документ, удостоверяющий личность.`,
      }
    : {
        ky: ' Жыйынтыгы электрондук колтамга менен кол коюлган электрондук документ катары жеке кабинетке жеткирилет.',
        ru: ' Результат поступает в личный кабинет в виде электронного документа, подписанного электронной подписью.',
      };
  return { ky: common.ky + result.ky, ru: common.ru + result.ru };
}

/** Whose decision is appealed (genitive) and to whom the administrative complaint goes. */
interface AppealRoute {
  decisionOf: LocalizedText;
  complaintTo: LocalizedText;
}

function appeal(route: AppealRoute): LocalizedText {
  return {
    ky:
      `${route.decisionOf.ky} чечимине, аракетине же аракетсиздигине «Административдик ишмердүүлүктүн негиздери жана ` +
      'административдик жол-жоболор жөнүндө» Кыргыз Республикасынын Мыйзамында белгиленген мөөнөттө ' +
      `${route.complaintTo.ky} административдик даттануу берүү менен сотко чейинки тартипте, же административдик сот ` +
      'өндүрүшү тартибинде сотко даттанууга болот. Кызмат көрсөтүүдөн баш тартуу ар дайым даттануу тартиби ' +
      'көрсөтүлгөн жүйөлүү чечим менен таризделет.',
    ru:
      `Решение, действие или бездействие ${route.decisionOf.ru} можно обжаловать в досудебном порядке, подав ` +
      `административную жалобу ${route.complaintTo.ru} в срок, установленный Законом Кыргызской Республики ` +
      '«Об основах административной деятельности и административных процедурах», либо в суде в порядке ' +
      'административного судопроизводства. Отказ в услуге всегда оформляется мотивированным решением с указанием ' +
      'порядка обжалования.',
  };
}

const APPEAL_ROUTES: Record<DemoProviderCode, AppealRoute> = {
  MVD: {
    decisionOf: { ky: 'Ички иштер министрлигинин Маалымат борборунун', ru: 'Информационного центра МВД' },
    complaintTo: {
      ky: 'Кыргыз Республикасынын Ички иштер министрлигине (министрдин атына)',
      ru: 'в Министерство внутренних дел Кыргызской Республики (на имя министра)',
    },
  },
  GRS: {
    decisionOf: {
      ky: 'Мамлекеттик каттоо кызматынын аймактык бөлүмүнүн',
      ru: 'территориального подразделения Государственной регистрационной службы',
    },
    complaintTo: {
      ky: 'Мамлекеттик каттоо кызматынын борбордук аппаратына',
      ru: 'в центральный аппарат Государственной регистрационной службы',
    },
  },
  MINJUST: {
    decisionOf: { ky: 'Юстиция министрлигинин каттоо органынын', ru: 'регистрирующего органа Министерства юстиции' },
    complaintTo: { ky: 'Кыргыз Республикасынын Юстиция министрлигине', ru: 'в Министерство юстиции Кыргызской Республики' },
  },
  BISHKEK_MERIA: {
    decisionOf: { ky: 'мэриянын түзүмдүк бөлүмүнүн', ru: 'структурного подразделения мэрии' },
    complaintTo: { ky: 'Бишкек шаарынын мэрине', ru: 'мэру города Бишкек' },
  },
  STS: {
    decisionOf: { ky: 'аймактык салык органынын', ru: 'территориального налогового органа' },
    complaintTo: {
      ky: 'Финансы министрлигине караштуу Мамлекеттик салык кызматына',
      ru: 'в Государственную налоговую службу при Министерстве финансов Кыргызской Республики',
    },
  },
};

// ---------------------------------------------------------------- result forms and reception

const resultField = (name: string, ky: string, ru: string, extra: Partial<FormFieldDefinition> = {}): FormFieldDefinition => ({
  name,
  label: { ky, ru },
  type: 'TEXT',
  required: true,
  maxLength: 500,
  ...extra,
});

/** The head every demo result document starts with: its title, the application it answers and its holder. */
const RESULT_HEAD: FormFieldDefinition[] = [
  resultField('title', 'Документтин аталышы', 'Наименование документа', { maxLength: 300 }),
  resultField('applicationNumber', 'Өтүнмөнүн номери', 'Номер заявления', { maxLength: 40 }),
  resultField('holder', 'Алуучу', 'Получатель', { required: false, maxLength: 300 }),
];

/** A demo result form: the head, then the service's own fields, in one section. */
const resultFormOf = (...fields: FormFieldDefinition[]): FormDefinitionData => ({
  steps: [{ id: 'result', title: { ky: 'Кызмат көрсөтүүнүн жыйынтыгы', ru: 'Результат предоставления услуги' }, fields: [...RESULT_HEAD, ...fields] }],
});

const RESULT_NOTE = resultField('result', 'Жыйынтыгы', 'Результат', { required: false, maxLength: 2000 });
const WEEKDAY_HOURS = { ky: 'дүйшөмбү-жума 9:00-17:00, түшкү тыныгуу 12:30-13:30', ru: 'пн-пт 9:00-17:00, перерыв 12:30-13:30' };

// ---------------------------------------------------------------- shared form fields

const fullNameField = (name = 'fullName'): FormFieldDefinition => ({
  name,
  label: { ky: 'Фамилиясы, аты, атасынын аты', ru: 'Фамилия, имя, отчество' },
  type: 'TEXT',
  required: true,
  minLength: 3,
  maxLength: 150,
  prefillFrom: 'user.fullName',
});

const pinField = (name = 'pin'): FormFieldDefinition => ({
  name,
  label: { ky: 'Жеке идентификациялык номери (ЖИН)', ru: 'Персональный идентификационный номер (ПИН)' },
  type: 'PIN',
  required: true,
  prefillFrom: 'user.pin',
});

const birthDateField: FormFieldDefinition = {
  name: 'birthDate',
  label: { ky: 'Туулган күнү', ru: 'Дата рождения' },
  type: 'DATE',
  required: true,
  prefillFrom: 'user.birthDate',
};

const addressField: FormFieldDefinition = {
  name: 'address',
  label: { ky: 'Жашаган дареги', ru: 'Адрес проживания' },
  type: 'TEXT',
  required: true,
  minLength: 5,
  maxLength: 300,
  prefillFrom: 'user.address',
};

const phoneField: FormFieldDefinition = {
  name: 'phone',
  label: { ky: 'Байланыш телефону', ru: 'Контактный телефон' },
  type: 'PHONE',
  required: true,
  prefillFrom: 'user.phone',
};

const emailField = (required = false): FormFieldDefinition => ({
  name: 'email',
  label: { ky: 'Электрондук почта', ru: 'Электронная почта' },
  type: 'EMAIL',
  required,
  prefillFrom: 'user.email',
});

const propertyCodeField = (name: string): FormFieldDefinition => ({
  name,
  label: { ky: 'Кыймылсыз мүлк объектисинин идентификациялык коду', ru: 'Идентификационный код объекта недвижимости' },
  type: 'TEXT',
  required: true,
  pattern: '\\d-\\d{2}-\\d{2}-\\d{4}-\\d{4}(-\\d{2}-\\d{3})?',
  patternHint: { ky: 'мисалы 1-04-01-0012-0034', ru: 'например 1-04-01-0012-0034' },
});

const activityCodeField: FormFieldDefinition = {
  name: 'activityCode',
  label: { ky: 'Негизги ишмердүүлүктүн түрүнүн коду', ru: 'Код основного вида деятельности' },
  type: 'TEXT',
  required: true,
  pattern: '\\d{2}(\\.\\d{1,2}){0,2}',
  patternHint: {
    ky: 'экономикалык ишмердүүлүктүн түрлөрүнүн мамлекеттик классификатору боюнча код, мисалы 62.01',
    ru: 'код по Государственному классификатору видов экономической деятельности, например 62.01',
  },
};

const option = (value: string, ky: string, ru: string): FormOptionDefinition => ({ value, label: { ky, ru } });

const taxpayerKindField: FormFieldDefinition = {
  name: 'taxpayerKind',
  label: { ky: 'Салык төлөөчүнүн түрү', ru: 'Категория налогоплательщика' },
  type: 'SELECT',
  required: true,
  options: [
    option('individual', 'Жеке адам', 'Физическое лицо'),
    option('entrepreneur', 'Жеке ишкер', 'Индивидуальный предприниматель'),
    option('legal-entity', 'Юридикалык жак', 'Юридическое лицо'),
  ],
};

const REGISTRY_OFFICES: FormOptionDefinition[] = [
  option('bishkek', 'Бишкек шаарынын жарандык абал актыларын каттоо бөлүмү', 'Отдел ЗАГС города Бишкек'),
  option('osh', 'Ош шаарынын жарандык абал актыларын каттоо бөлүмү', 'Отдел ЗАГС города Ош'),
  option('jalal-abad', 'Жалал-Абад шаарынын жарандык абал актыларын каттоо бөлүмү', 'Отдел ЗАГС города Джалал-Абад'),
  option('karakol', 'Каракол шаарынын жарандык абал актыларын каттоо бөлүмү', 'Отдел ЗАГС города Каракол'),
];

const applicantStep = (...fields: FormFieldDefinition[]) => ({
  id: 'applicant',
  title: { ky: 'Арыз ээси', ru: 'Заявитель' },
  fields,
});

const paymentConfirmation = registryDocument('payment-confirmation');

// ---------------------------------------------------------------- the services

const mvdNoCriminalRecord: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Соттуулугу бар же жок экендиги жөнүндө маалымкат', ru: 'Справка о наличии или отсутствии судимости' },
  description: {
    ky:
      'Ички иштер министрлигинин Маалымат борборунун соттуулугу бар же жок экендиги жөнүндө электрондук маалымкаты ' +
      '(соттолбогондугу тууралуу маалымкат) ишке орношуу, чет өлкөгө чыгуу, камкордукка алуу жана башка учурлар үчүн ' +
      'берилет. Инсандын маалыматтары мамлекеттик реестрлер боюнча текшерилет; маалымкат электрондук колтамга менен ' +
      'кол коюлат жана юридикалык күчкө ээ.',
    ru:
      'Электронная справка Информационного центра МВД о наличии или отсутствии судимости (справка о несудимости) ' +
      'для трудоустройства, выезда за рубеж, оформления опеки и в других случаях. Сведения о личности проверяются ' +
      'по государственным реестрам; справка подписывается электронной подписью и имеет юридическую силу.',
  },
  category: 'certificates',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 1,
  requiredDocuments: [
    registryDocument('passport-data'),
    {
      code: 'name-change-record',
      title: {
        ky: 'Фамилиянын, аттын өзгөргөндүгү тууралуу акт жазуусу (өзгөргөн болсо)',
        ru: 'Актовая запись о перемене фамилии, имени (если менялись)',
      },
      obtainedByPortal: true,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), birthDateField, {
        name: 'previousSurnames',
        label: { ky: 'Мурдагы фамилиялары (өзгөргөн болсо)', ru: 'Прежние фамилии (если менялись)' },
        type: 'TEXT',
        required: false,
        maxLength: 200,
      }),
      {
        id: 'purpose',
        title: { ky: 'Маалымкаттын максаты', ru: 'Цель получения справки' },
        fields: [
          {
            name: 'purpose',
            label: { ky: 'Маалымкат эмне үчүн керек', ru: 'Для чего нужна справка' },
            type: 'SELECT',
            required: true,
            options: [
              option('employment', 'Ишке орношуу үчүн', 'Для трудоустройства'),
              option('travel', 'Чет өлкөгө чыгуу үчүн', 'Для выезда за рубеж'),
              option('guardianship', 'Камкордукка же асырап алууга', 'Для оформления опеки или усыновления'),
              option('weapons', 'Куралга уруксат алуу үчүн', 'Для получения разрешения на оружие'),
              option('other', 'Башка максатта', 'Иная цель'),
            ],
          },
          emailField(),
          phoneField,
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.MVD),
  resultForm: resultFormOf({ name: 'pin', label: { ky: 'ПИН', ru: 'ПИН' }, type: 'PIN', required: false }, resultField('result', 'Соттуулугу жөнүндө маалымат', 'Сведения о судимости', { maxLength: 2000 })),
  resultAsRecordAllowed: true,
};

const grsBirthCertificateDuplicate: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Төрөлгөндүгү тууралуу күбөлүктү кайталап берүү', ru: 'Выдача повторного свидетельства о рождении' },
  description: {
    ky:
      'Жоголгон же бузулган күбөлүктүн ордуна төрөлгөндүгү тууралуу кайталама күбөлүк акт жазуусунун негизинде ' +
      'берилет. Арыз портал аркылуу берилип, мамлекеттик алым ошол жерден төлөнөт; даяр күбөлүк катуу эсептеги бланкта тандалган ' +
      'жарандык абал актыларын каттоо бөлүмүндө берилет.',
    ru:
      'Повторное свидетельство о рождении выдается взамен утерянного или испорченного на основании актовой записи ' +
      'о рождении. Заявление подается и государственная пошлина оплачивается через портал; готовое свидетельство на ' +
      'бланке строгой отчетности выдается в выбранном отделе ЗАГС.',
  },
  category: 'civil-status',
  feeAmountMinor: som(200),
  budgetCode: BUDGET_CODES.civilStatusFee,
  deadlineWorkingDays: 3,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('birth-record'),
    paymentConfirmation,
    {
      code: 'damaged-certificate',
      title: {
        ky: 'Бузулган күбөлүк (бузулган учурда; күбөлүктү алып жатканда тапшырылат)',
        ru: 'Испорченное свидетельство (при порче; сдается при получении нового)',
      },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), phoneField),
      {
        id: 'certificate',
        title: { ky: 'Күбөлүк тууралуу маалыматтар', ru: 'Сведения о свидетельстве' },
        fields: [
          {
            name: 'issuedFor',
            label: { ky: 'Күбөлүк кимге берилет', ru: 'На кого выдается свидетельство' },
            type: 'SELECT',
            required: true,
            options: [option('self', 'Өзүмө', 'На себя'), option('child', 'Жашы жете элек балама', 'На несовершеннолетнего ребенка')],
          },
          {
            name: 'personFullName',
            label: { ky: 'Күбөлүк берилүүчү адамдын фамилиясы, аты, атасынын аты', ru: 'ФИО лица, на которое выдается свидетельство' },
            type: 'TEXT',
            required: true,
            minLength: 3,
            maxLength: 150,
          },
          {
            name: 'personBirthDate',
            label: { ky: 'Анын туулган күнү', ru: 'Его (ее) дата рождения' },
            type: 'DATE',
            required: true,
          },
          {
            name: 'reason',
            label: { ky: 'Кайталап берүүнүн себеби', ru: 'Причина повторной выдачи' },
            type: 'SELECT',
            required: true,
            options: [option('lost', 'Жоголгон', 'Утеряно'), option('damaged', 'Бузулган', 'Испорчено')],
          },
          {
            name: 'registryOffice',
            label: { ky: 'Күбөлүктү алуучу жер', ru: 'Где получить свидетельство' },
            type: 'SELECT',
            required: true,
            options: REGISTRY_OFFICES,
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: true,
  resultDelivery: 'IN_PERSON',
  reception: {
    place: { ky: 'Арызда тандалган жарандык абал актыларын каттоо бөлүмү', ru: 'Отдел ЗАГС, выбранный в заявлении' },
    hours: WEEKDAY_HOURS,
  },
  statusCheckMethod: statusCheck({
    ky: 'арызда тандалган жарандык абал актыларын каттоо бөлүмүнөн',
    ru: 'в выбранном в заявке отделе ЗАГС',
  }),
  appealProcedure: appeal(APPEAL_ROUTES.GRS),
  resultForm: resultFormOf(resultField('certificateSeries', 'Күбөлүктүн сериясы жана номери', 'Серия и номер свидетельства', { required: false, maxLength: 40 }), RESULT_NOTE),
};

const REGIONS: FormOptionDefinition[] = [
  option('bishkek', 'Бишкек шаары', 'город Бишкек'),
  option('osh-city', 'Ош шаары', 'город Ош'),
  option('chui', 'Чүй облусу', 'Чуйская область'),
  option('issyk-kul', 'Ысык-Көл облусу', 'Иссык-Кульская область'),
  option('naryn', 'Нарын облусу', 'Нарынская область'),
  option('talas', 'Талас облусу', 'Таласская область'),
  option('jalal-abad', 'Жалал-Абад облусу', 'Джалал-Абадская область'),
  option('osh', 'Ош облусу', 'Ошская область'),
  option('batken', 'Баткен облусу', 'Баткенская область'),
];

const grsResidenceRegistration: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Жашаган жери боюнча каттоо', ru: 'Регистрация по месту жительства' },
  description: {
    ky:
      'Кыргыз Республикасынын жаранын жаңы жашаган жери боюнча электрондук түрдө каттоо (прописка). Турак жайды ' +
      'пайдалануу укугу кыймылсыз мүлккө укуктардын реестри боюнча текшерилет; менчик ээси башка адам болсо, ал ' +
      'өзүнүн жеке кабинети аркылуу макулдук берет. Жыйынтыгы — электрондук дарек маалымкаты.',
    ru:
      'Регистрация гражданина Кыргызской Республики по новому месту жительства (прописка) в электронной форме. ' +
      'Право пользования жильем проверяется по реестру прав на недвижимое имущество; если собственник — другое ' +
      'лицо, он дает согласие через свой личный кабинет. Результат — электронная адресная справка.',
  },
  category: 'identity-documents',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 3,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('address-registration'),
    registryDocument('real-estate-title'),
    {
      code: 'owner-consent',
      title: {
        ky: 'Турак жайдын менчик ээсинин макулдугу (портал аркылуу берилет)',
        ru: 'Согласие собственника жилья (дается через портал)',
      },
      obtainedByPortal: true,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), phoneField),
      {
        id: 'address',
        title: { ky: 'Жаңы дарек', ru: 'Новый адрес' },
        fields: [
          { name: 'region', label: { ky: 'Аймак', ru: 'Регион' }, type: 'SELECT', required: true, options: REGIONS },
          {
            name: 'settlement',
            label: { ky: 'Шаар же айыл', ru: 'Город или село' },
            type: 'TEXT',
            required: true,
            minLength: 2,
            maxLength: 100,
          },
          { name: 'street', label: { ky: 'Көчө', ru: 'Улица' }, type: 'TEXT', required: true, minLength: 2, maxLength: 150 },
          { name: 'house', label: { ky: 'Үйдүн номери', ru: 'Номер дома' }, type: 'TEXT', required: true, maxLength: 20 },
          { name: 'apartment', label: { ky: 'Батирдин номери', ru: 'Номер квартиры' }, type: 'TEXT', required: false, maxLength: 20 },
          propertyCodeField('propertyCode'),
        ],
      },
      {
        id: 'owner',
        title: { ky: 'Турак жайдын ээси', ru: 'Собственник жилья' },
        fields: [
          {
            name: 'ownership',
            label: { ky: 'Турак жай кимдин менчигинде', ru: 'Кому принадлежит жилье' },
            type: 'SELECT',
            required: true,
            options: [
              option('own', 'Менин менчигимде', 'Мне'),
              option('other', 'Башка адамдын менчигинде', 'Другому лицу'),
            ],
          },
          {
            name: 'ownerPin',
            label: { ky: 'Менчик ээсинин ЖИНи (башка адам болсо)', ru: 'ПИН собственника (если это другое лицо)' },
            type: 'PIN',
            required: false,
          },
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.GRS),
  resultForm: resultFormOf(RESULT_NOTE),
};

const grsIdCardReplacement: ServiceStandard = {
  kind: 'STATE',
  title: {
    ky: 'ID-картаны (Кыргыз Республикасынын жаранынын паспортун) алмаштыруу',
    ru: 'Замена ID-карты (паспорта гражданина Кыргызской Республики)',
  },
  description: {
    ky:
      'Жарактуулук мөөнөтү бүткөндө, жоголгондо, бузулганда же жеке маалыматтар өзгөргөндө ID-карта алмаштырылат. ' +
      'Арыз берүү жана мамлекеттик алымды төлөө портал аркылуу жүргүзүлөт; биометрикалык маалыматтарды тапшыруу ' +
      'жана ID-картаны алуу үчүн тандалган калкты тейлөө борборуна жеке келүү зарыл.',
    ru:
      'Замена ID-карты в связи с истечением срока действия, утерей, порчей или изменением персональных данных. ' +
      'Заявление и оплата государственной пошлины — через портал; для сдачи биометрических данных и получения ' +
      'ID-карты нужно лично прийти в выбранный центр обслуживания населения.',
  },
  category: 'identity-documents',
  feeAmountMinor: som(500),
  budgetCode: BUDGET_CODES.identityDocumentFee,
  deadlineWorkingDays: 10,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('birth-record'),
    registryDocument('marriage-record'),
    paymentConfirmation,
    {
      code: 'previous-id-card',
      title: {
        ky: 'Мурдагы ID-карта (жоголгон учурдан тышкары; жаңысын алып жатканда тапшырылат)',
        ru: 'Прежняя ID-карта (кроме случая утери; сдается при получении новой)',
      },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), birthDateField, phoneField),
      {
        id: 'replacement',
        title: { ky: 'Алмаштыруунун себеби', ru: 'Причина замены' },
        fields: [
          {
            name: 'reason',
            label: { ky: 'Себеби', ru: 'Причина' },
            type: 'SELECT',
            required: true,
            options: [
              option('expired', 'Жарактуулук мөөнөтү бүттү', 'Истек срок действия'),
              option('lost', 'Жоголду', 'Утеряна'),
              option('damaged', 'Бузулду', 'Испорчена'),
              option('data-changed', 'Жеке маалыматтар өзгөрдү', 'Изменились персональные данные'),
            ],
          },
          // the current ID card's number and validity come from the population register (passport-data)
          {
            name: 'serviceCenter',
            label: { ky: 'Калкты тейлөө борбору', ru: 'Центр обслуживания населения' },
            type: 'SELECT',
            required: true,
            options: [
              option('bishkek-1', 'Бишкек шаарынын №1 калкты тейлөө борбору', 'ЦОН №1 города Бишкек'),
              option('bishkek-2', 'Бишкек шаарынын №2 калкты тейлөө борбору', 'ЦОН №2 города Бишкек'),
              option('osh', 'Ош шаарынын калкты тейлөө борбору', 'ЦОН города Ош'),
              option('karakol', 'Каракол шаарынын калкты тейлөө борбору', 'ЦОН города Каракол'),
            ],
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: true,
  resultDelivery: 'IN_PERSON',
  reception: {
    place: { ky: 'Арызда тандалган калкты тейлөө борбору (сүрөткө тартуу жана манжа издерин алуу)', ru: 'Центр обслуживания населения, выбранный в заявлении (фотографирование и снятие отпечатков пальцев)' },
    hours: { ky: 'дүйшөмбү-ишемби 8:30-17:30', ru: 'пн-сб 8:30-17:30' },
  },
  statusCheckMethod: statusCheck({ ky: 'арызда тандалган калкты тейлөө борборунан', ru: 'в выбранном в заявке центре обслуживания населения' }),
  appealProcedure: appeal(APPEAL_ROUTES.GRS),
  resultForm: resultFormOf(RESULT_NOTE),
};

const grsMarriageRegistration: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Никени мамлекеттик каттоо', ru: 'Государственная регистрация заключения брака' },
  description: {
    ky:
      'Никеге туруу жөнүндө биргелешкен арызды берүү жана каттоонун күнүн тандоо. Нике, эреже катары, арыз ' +
      'берилген күндөн тартып бир ай өткөндөн кийин никеге туруучу эки адамдын катышуусу менен жарандык абал ' +
      'актыларын каттоо бөлүмүндө катталат; нике тууралуу күбөлүк каттоо учурунда берилет.',
    ru:
      'Подача совместного заявления о заключении брака и выбор даты регистрации. Брак регистрируется в отделе ЗАГС, ' +
      'как правило, по истечении месяца со дня подачи заявления, в присутствии обоих лиц, вступающих в брак; ' +
      'свидетельство о браке выдается при регистрации.',
  },
  category: 'civil-status',
  feeAmountMinor: som(200),
  budgetCode: BUDGET_CODES.civilStatusFee,
  deadlineWorkingDays: 22,
  requiredDocuments: [
    registryDocument('passport-data'),
    {
      code: 'partner-passport-data',
      title: {
        ky: 'Экинчи тараптын инсандыгын күбөлөндүрүүчү документинин маалыматтары',
        ru: 'Сведения документа, удостоверяющего личность, второй стороны',
      },
      obtainedByPortal: true,
    },
    {
      code: 'divorce-record',
      title: {
        ky: 'Мурдагы никенин бузулгандыгы тууралуу акт жазуусу (болсо)',
        ru: 'Актовая запись о расторжении предыдущего брака (если был)',
      },
      obtainedByPortal: true,
    },
    paymentConfirmation,
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), birthDateField, phoneField),
      {
        id: 'partner',
        title: { ky: 'Экинчи тарап', ru: 'Вторая сторона' },
        // only who the other party is: their name, birth date and identity document come from the
        // population register by this PIN (partner-passport-data), never typed in
        fields: [
          {
            name: 'partnerPin',
            label: {
              ky: 'Экинчи тараптын ЖИНи (калган маалыматтарды портал мамлекеттик реестрден алат)',
              ru: 'ПИН второй стороны (остальные сведения портал получит из государственного реестра)',
            },
            type: 'PIN',
            required: true,
          },
        ],
      },
      {
        id: 'registration',
        title: { ky: 'Каттоо', ru: 'Регистрация' },
        fields: [
          {
            name: 'registryOffice',
            label: { ky: 'Жарандык абал актыларын каттоо бөлүмү', ru: 'Отдел ЗАГС' },
            type: 'SELECT',
            required: true,
            options: REGISTRY_OFFICES,
          },
          { name: 'preferredDate', label: { ky: 'Каалаган каттоо күнү', ru: 'Желаемая дата регистрации' }, type: 'DATE', required: true },
          {
            name: 'surnameAfterMarriage',
            label: { ky: 'Никеден кийинки фамилия', ru: 'Фамилия после заключения брака' },
            type: 'SELECT',
            required: true,
            options: [
              option('own', 'Өз фамилиясын калтырат', 'Сохранить свою фамилию'),
              option('partner', 'Жубайынын фамилиясын алат', 'Взять фамилию супруга (супруги)'),
              option('joint', 'Кош фамилия', 'Двойная фамилия'),
            ],
          },
          {
            name: 'ceremony',
            label: { ky: 'Салтанаттуу каттоо', ru: 'Торжественная регистрация' },
            type: 'BOOLEAN',
            required: false,
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: true,
  resultDelivery: 'IN_PERSON',
  reception: {
    place: { ky: 'Арызда тандалган жарандык абал актыларын каттоо бөлүмү (эки тарап тең келет)', ru: 'Отдел ЗАГС, выбранный в заявлении (присутствуют оба супруга)' },
    hours: { ky: 'каттоо үчүн белгиленген күнү жана убактысы; дүйшөмбү-ишемби 9:00-17:00', ru: 'в назначенные для регистрации день и время; пн-сб 9:00-17:00' },
  },
  statusCheckMethod: statusCheck({
    ky: 'каттоо күнү тандалган жарандык абал актыларын каттоо бөлүмүнөн',
    ru: 'в день регистрации в выбранном отделе ЗАГС',
  }),
  appealProcedure: appeal(APPEAL_ROUTES.GRS),
  resultForm: resultFormOf(RESULT_NOTE),
};

const minjustLegalEntityRegistration: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Юридикалык жакты мамлекеттик каттоо', ru: 'Государственная регистрация юридического лица' },
  description: {
    ky:
      'Коммерциялык уюмду (жоопкерчилиги чектелген коом, акционердик коом, кооператив) электрондук түрдө ' +
      'мамлекеттик каттоо. Негиздөөчү арызга квалификациялуу электрондук колтамга менен кол коёт; негиздөөчүлөр ' +
      'жана жетекчи тууралуу маалыматтар мамлекеттик реестрлер боюнча текшерилет. Жыйынтыгы — мамлекеттик каттоо ' +
      'тууралуу электрондук күбөлүк.',
    ru:
      'Государственная регистрация коммерческой организации (общество с ограниченной ответственностью, акционерное ' +
      'общество, кооператив) в электронной форме. Учредитель подписывает заявление квалифицированной электронной ' +
      'подписью; сведения об учредителях и руководителе проверяются по государственным реестрам. Результат — ' +
      'электронное свидетельство о государственной регистрации.',
  },
  category: 'business',
  feeAmountMinor: som(300),
  budgetCode: BUDGET_CODES.legalEntityRegistrationFee,
  deadlineWorkingDays: 3,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('real-estate-title'),
    paymentConfirmation,
    { code: 'charter', title: { ky: 'Уюмдун уставы', ru: 'Устав организации' }, obtainedByPortal: false },
    {
      code: 'founders-decision',
      title: { ky: 'Уюмду түзүү жөнүндө чечим (протокол)', ru: 'Решение (протокол) об учреждении организации' },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      {
        id: 'organization',
        title: { ky: 'Уюм', ru: 'Организация' },
        fields: [
          {
            name: 'nameKy',
            label: { ky: 'Уюмдун мамлекеттик тилдеги аталышы', ru: 'Наименование на государственном языке' },
            type: 'TEXT',
            required: true,
            minLength: 2,
            maxLength: 250,
          },
          {
            name: 'nameRu',
            label: { ky: 'Уюмдун расмий тилдеги аталышы', ru: 'Наименование на официальном языке' },
            type: 'TEXT',
            required: true,
            minLength: 2,
            maxLength: 250,
          },
          {
            name: 'legalForm',
            label: { ky: 'Уюштуруу-укуктук формасы', ru: 'Организационно-правовая форма' },
            type: 'SELECT',
            required: true,
            options: [
              option('llc', 'Жоопкерчилиги чектелген коом', 'Общество с ограниченной ответственностью'),
              option('jsc', 'Акционердик коом', 'Акционерное общество'),
              option('cooperative', 'Кооператив', 'Кооператив'),
            ],
          },
          {
            name: 'legalAddress',
            label: { ky: 'Юридикалык дареги', ru: 'Юридический адрес' },
            type: 'TEXT',
            required: true,
            minLength: 5,
            maxLength: 300,
          },
          propertyCodeField('legalAddressPropertyCode'),
          activityCodeField,
        ],
      },
      {
        id: 'founders',
        title: { ky: 'Негиздөөчү жана жетекчи', ru: 'Учредитель и руководитель' },
        fields: [
          fullNameField('founderFullName'),
          pinField('founderPin'),
          {
            name: 'authorizedCapital',
            label: { ky: 'Уставдык капитал, сом', ru: 'Уставный капитал, сом' },
            type: 'NUMBER',
            required: true,
            min: 0,
            max: 100_000_000_000,
          },
          { name: 'directorPin', label: { ky: 'Жетекчинин ЖИНи', ru: 'ПИН руководителя' }, type: 'PIN', required: true },
          emailField(true),
          phoneField,
        ],
      },
      {
        id: 'documents',
        title: { ky: 'Документтер', ru: 'Документы' },
        fields: [
          { name: 'charterFile', label: { ky: 'Уюмдун уставы (PDF)', ru: 'Устав организации (PDF)' }, type: 'FILE', required: true },
          {
            name: 'decisionFile',
            label: { ky: 'Уюмду түзүү жөнүндө чечим (PDF)', ru: 'Решение об учреждении (PDF)' },
            type: 'FILE',
            required: true,
          },
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'QUALIFIED',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.MINJUST),
  resultForm: resultFormOf(RESULT_NOTE),
};

const minjustLegalEntityRegisterExtract: ServiceStandard = {
  kind: 'OTHER',
  title: {
    ky: 'Юридикалык жактардын, филиалдардын (өкүлчүлүктөрдүн) мамлекеттик реестринен көчүрмө',
    ru: 'Выписка из Государственного реестра юридических лиц, филиалов (представительств)',
  },
  description: {
    ky:
      'Юридикалык жак тууралуу маалыматтар камтылган электрондук көчүрмө: аталышы, уюштуруу-укуктук формасы, ' +
      'юридикалык дареги, жетекчиси, негиздөөчүлөрү жана катталган күнү. Ар бир кызыкдар адамга берилет.',
    ru:
      'Электронная выписка со сведениями о юридическом лице: наименование, организационно-правовая форма, ' +
      'юридический адрес, руководитель, учредители и дата регистрации. Выдается любому заинтересованному лицу.',
  },
  category: 'certificates',
  feeAmountMinor: som(100),
  budgetCode: BUDGET_CODES.legalEntityRegistrationFee,
  deadlineWorkingDays: 1,
  requiredDocuments: [registryDocument('legal-entity-record'), paymentConfirmation],
  form: {
    steps: [
      {
        id: 'request',
        title: { ky: 'Сурам', ru: 'Запрос' },
        fields: [
          {
            name: 'organizationTin',
            label: {
              ky: 'Юридикалык жактын салык төлөөчүнүн идентификациялык номери (СТН)',
              ru: 'Идентификационный налоговый номер юридического лица (ИНН)',
            },
            type: 'PIN',
            required: true,
          },
          fullNameField('requesterFullName'),
          {
            name: 'purpose',
            label: { ky: 'Көчүрмөнүн максаты', ru: 'Цель получения выписки' },
            type: 'SELECT',
            required: true,
            options: [
              option('bank', 'Банкка', 'Для банка'),
              option('court', 'Сотко', 'Для суда'),
              option('procurement', 'Мамлекеттик сатып алууларга катышуу үчүн', 'Для участия в государственных закупках'),
              option('other', 'Башка максатта', 'Иная цель'),
            ],
          },
          emailField(),
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.MINJUST),
  resultForm: resultFormOf(RESULT_NOTE),
  resultAsRecordAllowed: true,
};

const bishkekBuildingPermit: ServiceStandard = {
  kind: 'MUNICIPAL',
  title: { ky: 'Курулушка уруксат берүү', ru: 'Выдача разрешения на строительство' },
  description: {
    ky:
      'Бишкек шаарынын аймагында объектти курууга, реконструкциялоого же капиталдык оңдоого уруксат. Жер ' +
      'участогуна болгон укуктар кыймылсыз мүлк реестри боюнча текшерилет; долбоордук документтер электрондук ' +
      'түрдө жүктөлөт жана мэриянын архитектура жана шаар куруу боюнча ыйгарым укуктуу бөлүмүндө текшерилет.',
    ru:
      'Разрешение на строительство, реконструкцию или капитальный ремонт объекта на территории города Бишкек. ' +
      'Права на земельный участок проверяются по реестру недвижимости; проектная документация загружается в ' +
      'электронном виде и проверяется уполномоченным подразделением мэрии по архитектуре и градостроительству.',
  },
  category: 'construction',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 15,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('real-estate-title'),
    {
      code: 'architectural-planning-assignment',
      title: { ky: 'Архитектуралык-пландоо тапшырмасы', ru: 'Архитектурно-планировочное задание' },
      obtainedByPortal: true,
    },
    {
      code: 'project-documentation',
      title: {
        ky: 'Бекитилген долбоордук документтер жана экспертизанын корутундусу',
        ru: 'Утвержденная проектная документация и заключение экспертизы',
      },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), phoneField, emailField(true)),
      {
        id: 'object',
        title: { ky: 'Курулуш объектиси', ru: 'Объект строительства' },
        fields: [
          propertyCodeField('propertyCode'),
          {
            name: 'objectAddress',
            label: { ky: 'Объекттин дареги', ru: 'Адрес объекта' },
            type: 'TEXT',
            required: true,
            minLength: 5,
            maxLength: 300,
          },
          {
            name: 'workType',
            label: { ky: 'Иштин түрү', ru: 'Вид работ' },
            type: 'SELECT',
            required: true,
            options: [
              option('new', 'Жаңы курулуш', 'Новое строительство'),
              option('reconstruction', 'Реконструкция', 'Реконструкция'),
              option('overhaul', 'Капиталдык оңдоо', 'Капитальный ремонт'),
            ],
          },
          { name: 'floors', label: { ky: 'Кабаттардын саны', ru: 'Этажность' }, type: 'NUMBER', required: true, min: 1, max: 60 },
          {
            name: 'totalArea',
            label: { ky: 'Жалпы аянты, м²', ru: 'Общая площадь, м²' },
            type: 'NUMBER',
            required: true,
            min: 1,
            max: 500_000,
          },
        ],
      },
      {
        id: 'documents',
        title: { ky: 'Документтер', ru: 'Документы' },
        fields: [
          {
            name: 'projectFile',
            label: { ky: 'Долбоордук документтер (PDF)', ru: 'Проектная документация (PDF)' },
            type: 'FILE',
            required: true,
          },
          {
            name: 'expertiseFile',
            label: { ky: 'Экспертизанын корутундусу (PDF)', ru: 'Заключение экспертизы (PDF)' },
            type: 'FILE',
            required: true,
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'QUALIFIED',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.BISHKEK_MERIA),
  resultForm: resultFormOf(RESULT_NOTE),
};

const bishkekOutdoorAdvertisingPermit: ServiceStandard = {
  kind: 'MUNICIPAL',
  title: { ky: 'Тышкы жарнаманы жайгаштырууга уруксат берүү', ru: 'Выдача разрешения на размещение наружной рекламы' },
  description: {
    ky:
      'Бишкек шаарынын аймагында жарнамалык түзүлүштү (билборд, көрнөк, баннер, жарык куту) орнотууга жана ' +
      'пайдаланууга уруксат. Эскиз жана жайгаштыруу орду мэриянын тышкы жарнама боюнча жооптуу бөлүмү менен ' +
      'макулдашылат.',
    ru:
      'Разрешение на установку и эксплуатацию рекламной конструкции (билборд, вывеска, баннер, световой короб) на ' +
      'территории города Бишкек. Эскиз и место размещения согласовываются с подразделением мэрии, ответственным за ' +
      'наружную рекламу.',
  },
  category: 'trade-advertising',
  feeAmountMinor: som(1000),
  budgetCode: BUDGET_CODES.bishkekAdvertisingFee,
  deadlineWorkingDays: 10,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('legal-entity-record'),
    registryDocument('real-estate-title'),
    paymentConfirmation,
    {
      code: 'owner-consent',
      title: {
        ky: 'Жарнама жайгаштырылуучу мүлктүн ээсинин макулдугу (ээси башка адам болсо)',
        ru: 'Согласие собственника имущества, на котором размещается реклама (если это другое лицо)',
      },
      obtainedByPortal: false,
    },
    {
      code: 'design-sketch',
      title: {
        ky: 'Жарнамалык түзүлүштүн эскизи жана жайгашуу схемасы',
        ru: 'Эскиз рекламной конструкции и схема ее размещения',
      },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      {
        id: 'advertiser',
        title: { ky: 'Жарнама берүүчү', ru: 'Рекламодатель' },
        fields: [
          fullNameField(),
          pinField(),
          {
            name: 'organizationTin',
            label: { ky: 'Уюмдун СТНи (уюмдун атынан берилсе)', ru: 'ИНН организации (если от имени организации)' },
            type: 'PIN',
            required: false,
          },
          phoneField,
        ],
      },
      {
        id: 'construction',
        title: { ky: 'Жарнамалык түзүлүш', ru: 'Рекламная конструкция' },
        fields: [
          {
            name: 'constructionType',
            label: { ky: 'Түзүлүштүн түрү', ru: 'Тип конструкции' },
            type: 'SELECT',
            required: true,
            options: [
              option('billboard', 'Билборд', 'Билборд'),
              option('signboard', 'Көрнөк', 'Вывеска'),
              option('banner', 'Баннер', 'Баннер'),
              option('lightbox', 'Жарык куту', 'Световой короб'),
            ],
          },
          {
            name: 'placementAddress',
            label: { ky: 'Жайгаштыруу дареги', ru: 'Адрес размещения' },
            type: 'TEXT',
            required: true,
            minLength: 5,
            maxLength: 300,
          },
          {
            name: 'area',
            label: { ky: 'Жарнама талаасынын аянты, м²', ru: 'Площадь рекламного поля, м²' },
            type: 'NUMBER',
            required: true,
            min: 0.5,
            max: 200,
          },
          {
            name: 'periodMonths',
            label: { ky: 'Жайгаштыруу мөөнөтү, ай', ru: 'Срок размещения, месяцев' },
            type: 'NUMBER',
            required: true,
            min: 1,
            max: 60,
          },
          {
            name: 'sketchFile',
            label: { ky: 'Эскиз жана жайгашуу схемасы (PDF)', ru: 'Эскиз и схема размещения (PDF)' },
            type: 'FILE',
            required: true,
          },
          {
            name: 'ownerConsentFile',
            label: { ky: 'Мүлк ээсинин макулдугу (PDF)', ru: 'Согласие собственника (PDF)' },
            type: 'FILE',
            required: false,
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'QUALIFIED',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.BISHKEK_MERIA),
  resultForm: resultFormOf(RESULT_NOTE),
};

const bishkekArchitecturalPlanningAssignment: ServiceStandard = {
  kind: 'MUNICIPAL',
  title: { ky: 'Архитектуралык-пландоо тапшырмасын берүү', ru: 'Выдача архитектурно-планировочного задания' },
  description: {
    ky:
      'Архитектуралык-пландоо тапшырмасы Бишкек шаарындагы жер участогунда объектти долбоорлоого карата шаар ' +
      'куруу талаптарын аныктайт: уруксат берилген кабаттуулукту, чегинүүлөрдү, курулуштун параметрлерин жана ' +
      'инженердик тармактарга туташтырууну. Тапшырманын түп нускасы мэрияда арыз ээсинин өзүнө берилет.',
    ru:
      'Архитектурно-планировочное задание (АПЗ) определяет градостроительные требования к проектированию объекта ' +
      'на земельном участке в городе Бишкек: допустимую этажность, отступы, параметры застройки и подключение к ' +
      'инженерным сетям. Оригинал задания выдается заявителю лично в мэрии.',
  },
  category: 'construction',
  feeAmountMinor: som(1500),
  budgetCode: BUDGET_CODES.bishkekArchitectureFee,
  deadlineWorkingDays: 15,
  requiredDocuments: [
    registryDocument('passport-data'),
    registryDocument('real-estate-title'),
    paymentConfirmation,
    {
      code: 'topographic-survey',
      title: { ky: 'Жер участогунун топографиялык съёмкасы', ru: 'Топографическая съемка земельного участка' },
      obtainedByPortal: false,
    },
    {
      code: 'technical-conditions',
      title: {
        ky: 'Инженердик тармактарга туташтыруунун техникалык шарттары',
        ru: 'Технические условия на подключение к инженерным сетям',
      },
      obtainedByPortal: false,
    },
  ],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), addressField, phoneField, emailField()),
      {
        id: 'plot',
        title: { ky: 'Жер участогу', ru: 'Земельный участок' },
        fields: [
          propertyCodeField('propertyCode'),
          {
            name: 'plotAddress',
            label: { ky: 'Участоктун дареги', ru: 'Адрес участка' },
            type: 'TEXT',
            required: true,
            minLength: 5,
            maxLength: 300,
          },
          {
            name: 'plotArea',
            label: { ky: 'Участоктун аянты, м²', ru: 'Площадь участка, м²' },
            type: 'NUMBER',
            required: true,
            min: 10,
            max: 1_000_000,
          },
          {
            name: 'intendedUse',
            label: { ky: 'Пландалган объект', ru: 'Планируемый объект' },
            type: 'SELECT',
            required: true,
            options: [
              option('residential', 'Турак жай', 'Жилой дом'),
              option('commercial', 'Коммерциялык объект', 'Коммерческий объект'),
              option('social', 'Социалдык объект', 'Социальный объект'),
              option('industrial', 'Өндүрүштүк объект', 'Производственный объект'),
            ],
          },
          {
            name: 'plannedFloors',
            label: { ky: 'Пландалган кабаттуулук', ru: 'Планируемая этажность' },
            type: 'NUMBER',
            required: true,
            min: 1,
            max: 60,
          },
        ],
      },
      {
        id: 'documents',
        title: { ky: 'Документтер', ru: 'Документы' },
        fields: [
          {
            name: 'topographicSurveyFile',
            label: { ky: 'Топографиялык съёмка (PDF)', ru: 'Топографическая съемка (PDF)' },
            type: 'FILE',
            required: true,
          },
          {
            name: 'technicalConditionsFile',
            label: { ky: 'Техникалык шарттар (PDF, болсо)', ru: 'Технические условия (PDF, если есть)' },
            type: 'FILE',
            required: false,
          },
        ],
      },
    ],
  },
  automationLevel: 'PARTIAL',
  signatureLevel: 'QUALIFIED',
  personalVisitRequired: true,
  resultDelivery: 'IN_PERSON',
  reception: {
    place: { ky: 'Бишкек шаарынын мэриясынын кабыл алуу бөлүмү, Чүй пр. 166, 1-кабат', ru: 'Приёмная мэрии города Бишкек, пр. Чуй 166, 1 этаж' },
    hours: WEEKDAY_HOURS,
  },
  statusCheckMethod: statusCheck({ ky: 'Бишкек шаарынын мэриясынын кабыл алуу бөлүмүнөн', ru: 'в приемной мэрии города Бишкек' }),
  appealProcedure: appeal(APPEAL_ROUTES.BISHKEK_MERIA),
  resultForm: resultFormOf(RESULT_NOTE),
};

const stsSoleProprietorRegistration: ServiceStandard = {
  kind: 'STATE',
  title: { ky: 'Жеке ишкер катары каттоо', ru: 'Регистрация в качестве индивидуального предпринимателя' },
  description: {
    ky:
      'Жеке адамды жеке ишкер катары мамлекеттик каттоо жана салык эсебине коюу. Жеке маалыматтар жана катталган ' +
      'дареги мамлекеттик реестрлерден алынат. Жыйынтыгы — жеке ишкерди мамлекеттик каттоо тууралуу электрондук ' +
      'күбөлүк.',
    ru:
      'Государственная регистрация физического лица в качестве индивидуального предпринимателя и постановка на ' +
      'налоговый учет. Персональные данные и адрес регистрации получаются из государственных реестров. Результат — ' +
      'электронное свидетельство о государственной регистрации индивидуального предпринимателя.',
  },
  category: 'business',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 1,
  requiredDocuments: [registryDocument('passport-data'), registryDocument('address-registration')],
  form: {
    steps: [
      applicantStep(fullNameField(), pinField(), birthDateField, addressField, phoneField, emailField()),
      {
        id: 'activity',
        title: { ky: 'Ишмердүүлүк', ru: 'Деятельность' },
        fields: [
          activityCodeField,
          {
            name: 'activityDescription',
            label: { ky: 'Ишмердүүлүктүн кыскача сүрөттөлүшү', ru: 'Краткое описание деятельности' },
            type: 'TEXT',
            required: true,
            minLength: 5,
            maxLength: 500,
          },
          {
            name: 'taxRegime',
            label: { ky: 'Салык салуу режими', ru: 'Режим налогообложения' },
            type: 'SELECT',
            required: true,
            options: [
              option('general', 'Жалпы салык режими', 'Общий налоговый режим'),
              option('single-tax', 'Бирдиктүү салык', 'Единый налог'),
              option('patent', 'Патенттин негизиндеги салык', 'Налог на основе патента'),
            ],
          },
          { name: 'startDate', label: { ky: 'Ишмердүүлүктү баштоо күнү', ru: 'Дата начала деятельности' }, type: 'DATE', required: true },
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.STS),
  resultForm: resultFormOf(RESULT_NOTE),
};

const stsTaxpayerRegistrationCertificate: ServiceStandard = {
  kind: 'STATE',
  title: {
    ky: 'Салык органында эсепке тургандыгы тууралуу маалымкат (СТН)',
    ru: 'Справка о постановке на учет в налоговом органе (ИНН)',
  },
  description: {
    ky:
      'Жеке же юридикалык жактын салык органында эсепке тургандыгын тастыктаган электрондук маалымкат; анда салык ' +
      'төлөөчүнүн идентификациялык номери (СТН), салык органынын коду жана эсепке коюлган күнү көрсөтүлөт.',
    ru:
      'Электронная справка, подтверждающая постановку физического или юридического лица на учет в налоговом ' +
      'органе, с идентификационным налоговым номером (ИНН), кодом налогового органа и датой постановки на учет.',
  },
  category: 'taxes',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 1,
  requiredDocuments: [registryDocument('taxpayer-record'), registryDocument('passport-data')],
  form: {
    steps: [
      {
        id: 'request',
        title: { ky: 'Сурам', ru: 'Запрос' },
        fields: [
          taxpayerKindField,
          {
            name: 'tin',
            label: { ky: 'ЖИН же СТН', ru: 'ПИН или ИНН' },
            type: 'PIN',
            required: true,
            prefillFrom: 'user.pin',
          },
          fullNameField(),
          emailField(),
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.STS),
  resultForm: resultFormOf(RESULT_NOTE),
};

const stsNoTaxArrearsCertificate: ServiceStandard = {
  kind: 'STATE',
  title: {
    ky: 'Салыктар боюнча карызы жок экендиги тууралуу маалымкат',
    ru: 'Справка об отсутствии задолженности по налогам',
  },
  description: {
    ky:
      'Берилген күнгө карата салыктар боюнча карыздын бар же жок экендиги тууралуу электрондук маалымкат; ' +
      'мамлекеттик сатып алууларга катышуу, насыя, лицензия же уруксат алуу жана башка учурлар үчүн керек.',
    ru:
      'Электронная справка о наличии или отсутствии задолженности по налогам на дату выдачи; нужна для участия в ' +
      'государственных закупках, получения кредита, лицензии или разрешения и в других случаях.',
  },
  category: 'taxes',
  feeAmountMinor: null,
  budgetCode: null,
  deadlineWorkingDays: 3,
  requiredDocuments: [registryDocument('taxpayer-record')],
  form: {
    steps: [
      {
        id: 'request',
        title: { ky: 'Сурам', ru: 'Запрос' },
        fields: [
          taxpayerKindField,
          { name: 'tin', label: { ky: 'ЖИН же СТН', ru: 'ПИН или ИНН' }, type: 'PIN', required: true, prefillFrom: 'user.pin' },
          {
            name: 'purpose',
            label: { ky: 'Маалымкаттын максаты', ru: 'Цель получения справки' },
            type: 'SELECT',
            required: true,
            options: [
              option('procurement', 'Мамлекеттик сатып алууларга катышуу үчүн', 'Для участия в государственных закупках'),
              option('bank', 'Банкка', 'Для банка'),
              option('license', 'Лицензия же уруксат алуу үчүн', 'Для получения лицензии или разрешения'),
              option('other', 'Башка максатта', 'Иная цель'),
            ],
          },
          emailField(),
        ],
      },
    ],
  },
  automationLevel: 'FULL',
  signatureLevel: 'SIMPLE',
  personalVisitRequired: false,
  resultDelivery: 'PORTAL',
  statusCheckMethod: statusCheck(),
  appealProcedure: appeal(APPEAL_ROUTES.STS),
  resultForm: resultFormOf(RESULT_NOTE),
  resultAsRecordAllowed: true,
};

const STANDARDS: Record<DemoServiceKey, { provider: DemoProviderCode; standard: ServiceStandard }> = {
  MVD_NO_CRIMINAL_RECORD: { provider: 'MVD', standard: mvdNoCriminalRecord },
  GRS_BIRTH_CERTIFICATE_DUPLICATE: { provider: 'GRS', standard: grsBirthCertificateDuplicate },
  GRS_RESIDENCE_REGISTRATION: { provider: 'GRS', standard: grsResidenceRegistration },
  GRS_ID_CARD_REPLACEMENT: { provider: 'GRS', standard: grsIdCardReplacement },
  GRS_MARRIAGE_REGISTRATION: { provider: 'GRS', standard: grsMarriageRegistration },
  MINJUST_LEGAL_ENTITY_REGISTRATION: { provider: 'MINJUST', standard: minjustLegalEntityRegistration },
  MINJUST_LEGAL_ENTITY_REGISTER_EXTRACT: { provider: 'MINJUST', standard: minjustLegalEntityRegisterExtract },
  BISHKEK_BUILDING_PERMIT: { provider: 'BISHKEK_MERIA', standard: bishkekBuildingPermit },
  BISHKEK_OUTDOOR_ADVERTISING_PERMIT: { provider: 'BISHKEK_MERIA', standard: bishkekOutdoorAdvertisingPermit },
  BISHKEK_ARCHITECTURAL_PLANNING_ASSIGNMENT: { provider: 'BISHKEK_MERIA', standard: bishkekArchitecturalPlanningAssignment },
  STS_SOLE_PROPRIETOR_REGISTRATION: { provider: 'STS', standard: stsSoleProprietorRegistration },
  STS_TAXPAYER_REGISTRATION_CERTIFICATE: { provider: 'STS', standard: stsTaxpayerRegistrationCertificate },
  STS_NO_TAX_ARREARS_CERTIFICATE: { provider: 'STS', standard: stsNoTaxArrearsCertificate },
};

export const DEMO_SERVICES: readonly DemoService[] = (Object.keys(STANDARDS) as DemoServiceKey[]).map((key) => ({
  key,
  id: DEMO_SERVICE_IDS[key],
  code: DEMO_SERVICE_CODES[key],
  provider: STANDARDS[key].provider,
  standard: STANDARDS[key].standard,
}));

