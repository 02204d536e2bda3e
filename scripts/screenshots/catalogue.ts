/**
 * The cards the documentation shows, built from the product's own card builders with invented example data
 * (Exempelkommun from starter-data/, no real people or clients). `scripts/screenshots.ts` renders them in headless
 * Chromium; `test/scripts/screenshots-page.test.ts` parses each one with the official object model, so a picture
 * can only exist for a card that Teams would accept.
 *
 * Each entry imports its builders when it is built: a module that does not exist yet (features are written in
 * parallel) skips that picture with a note instead of stopping the run.
 */
import type { AdaptiveCard } from '../../cards/render-message.js';
import type { StoredCase } from '../../domain/cases/types.js';

export interface Shot {
  /** File name without extension in docs/images/. */
  name: string;
  /** What the picture shows (alt text in the docs). */
  caption: string;
  /** `message`: a card in the chat; `dialog`: a Teams dialog (task module) with its title. */
  frame: 'message' | 'dialog';
  dialogTitle?: string;
  card: AdaptiveCard;
  /** Only the part of the frame from the element with text `from` down to the one with text `to` (inclusive). */
  crop?: { from: string; to: string };
}

export interface Catalogue {
  shots: Shot[];
  skipped: Array<{ name: string; reason: string }>;
}

/** Monday 16 March 2026, 08:42 in Stockholm: every date on the pictures is relative to this. */
export const NOW = new Date('2026-03-16T07:42:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const daysFromNow = (d: number) => new Date(NOW.getTime() + d * 86_400_000);

/** Units of the example municipality (starter-data/organisation.csv). */
export const EXAMPLE_UNITS = [
  { value: 'solgarden', label: 'Solgården' },
  { value: 'hemtjanst-norr', label: 'Hemtjänst Norr' },
  { value: 'gruppbostaden-eken', label: 'Gruppbostaden Eken' },
  { value: 'daglig-verksamhet', label: 'Daglig verksamhet' },
  { value: 'barn-och-unga', label: 'Barn och unga' },
];
const formCtx = { now: NOW, units: EXAMPLE_UNITS, defaultUnitId: 'solgarden', token: 'screenshot-token-0001' };

/** Services whose `summarize` is pure; any storage call would be a bug in this script, so it throws. */
const unused = new Proxy({}, { get: (_t, key) => { throw new Error(`screenshots: ${String(key)} must not be called`); } });
function stubDeps<T>(extra: Record<string, unknown>): T {
  return { store: unused, audit: unused, notifier: unused, deadlines: unused, directory: unused, clock: { now: () => NOW }, ...extra } as T;
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

type Builder = { name: string; build: () => Promise<Shot> };

/** What every stored case has and the example cards do not show. */
const unshownCaseFields = {
  unitPath: [],
  reporter: { personId: 'p-example', name: 'Exempel Exempelsson' },
  idempotencyToken: 'example',
  handlerIds: [],
  watcherIds: [],
  period: { year: 2026, month: 3 },
  routing: { usedFallback: false, missingRoles: [] },
  outbox: [],
} satisfies Partial<StoredCase>;

async function avvikelseSummary(status: 'ny' | 'mottagen' | 'under_utredning', forHandler: boolean) {
  const { AvvikelseService } = await import('../../domain/avvikelser/flows.js');
  const { caseSettings } = await import('../../domain/cases/settings.js');
  const { assessRisk } = await import('../../domain/avvikelser/risk.js');
  const service = new AvvikelseService(stubDeps({ settings: caseSettings() }));
  const created = minutesAgo(2);
  const doc: StoredCase = {
    ...unshownCaseFields,
    _id: 'c-example-1',
    kind: 'avvikelse',
    number: 'AVV-2026-0042',
    version: status === 'ny' ? 1 : 2,
    type: 'avvikelse',
    status,
    unitId: 'solgarden',
    unitName: 'Solgården',
    createdAt: created,
    updatedAt: created,
    occurredAt: minutesAgo(90),
    risk: assessRisk(3, 2),
    informed: 'ja',
    deadlines: status === 'ny' ? { acknowledge: daysFromNow(2) } : { investigation: daysFromNow(14) },
    nextDueAt: status === 'ny' ? daysFromNow(2) : daysFromNow(14),
    details: {},
    measureRecorded: false,
  };
  return service.summarize(doc, NOW, forHandler);
}

const builders: Builder[] = [
  {
    name: 'valkommen',
    async build() {
      const { welcomeView } = await import('../../cards/welcome.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      return { name: this.name, caption: 'Välkomstkortet med knapparna för att rapportera, registrera och fråga', frame: 'message', card: renderMessageAdaptive(welcomeView({ displayName: 'Mia' })) };
    },
  },
  {
    name: 'formular-avvikelse',
    async build() {
      const { avvikelseForm } = await import('../../cards/forms/avvikelse.js');
      const { renderFormAdaptive, formDialogTitle } = await import('../../cards/render-form-adaptive.js');
      return { name: this.name, caption: 'Formuläret för att rapportera en avvikelse, lex Sarah eller lex Maria', frame: 'dialog', dialogTitle: formDialogTitle(avvikelseForm, formCtx), card: renderFormAdaptive(avvikelseForm, formCtx) };
    },
  },
  {
    name: 'formular-avvikelse-fel',
    async build() {
      const { avvikelseForm } = await import('../../cards/forms/avvikelse.js');
      const { renderFormAdaptive, formDialogTitle } = await import('../../cards/render-form-adaptive.js');
      const { parseAdaptiveSubmission } = await import('../../cards/form-submission.js');
      const { adaptiveDateTimeIds } = await import('../../cards/form-submission.js');
      // What Teams sends when someone writes a personal identity number (Skatteverket's test number) in the text:
      // the real parser refuses it and the real renderer shows the form again with the error under the field.
      const ids = adaptiveDateTimeIds('occurredAt');
      const submitted = {
        type: 'avvikelse',
        unitId: 'solgarden',
        [ids.date]: '2026-03-16',
        [ids.time]: '07:10',
        location: 'Matsalen',
        description: 'Brukaren 19121212-1212 fick sina morgonläkemedel en timme för sent eftersom signeringslistan saknades.',
        immediateActions: 'Sjuksköterskan kontaktades och gav klartecken.',
        konsekvens: '2',
        sannolikhet: '3',
        informed: 'ja',
      };
      const result = parseAdaptiveSubmission(avvikelseForm, submitted, formCtx);
      if (result.ok) throw new Error('screenshots: the example with a personnummer was accepted; the guard is not wired into the form');
      const ctx = { ...formCtx, values: result.raw, errors: result.errors };
      return { name: this.name, caption: 'Ett personnummer i fritexten: formuläret visas igen med felet under fältet', frame: 'dialog', dialogTitle: formDialogTitle(avvikelseForm, ctx), card: renderFormAdaptive(avvikelseForm, ctx) };
    },
  },
  {
    name: 'formular-avvikelse-fel-detalj',
    async build() {
      // The same card as above, cut to the field with the error so it reads at the size of a doc page.
      const full = await builders.find((b) => b.name === 'formular-avvikelse-fel')!.build();
      const { avvikelseForm } = await import('../../cards/forms/avvikelse.js');
      const description = avvikelseForm.build(formCtx).fields.find((f) => f.id === 'description')!;
      const error = JSON.stringify(full.card).match(/"text":"(Texten innehåller[^"]{0,30})/)?.[1];
      if (!error) throw new Error('screenshots: the personnummer error text was not found in the card');
      return { ...full, name: this.name, caption: 'Felet visas direkt under fältet "Vad hände?"', crop: { from: description.label, to: description.help ?? error } };
    },
  },
  {
    name: 'formular-synpunkt',
    async build() {
      const { synpunktForm } = await import('../../cards/forms/synpunkt.js');
      const { renderFormAdaptive, formDialogTitle } = await import('../../cards/render-form-adaptive.js');
      return { name: this.name, caption: 'Formuläret för att registrera en synpunkt eller ett klagomål', frame: 'dialog', dialogTitle: formDialogTitle(synpunktForm, formCtx), card: renderFormAdaptive(synpunktForm, formCtx) };
    },
  },
  {
    name: 'formular-vem-ansvarar',
    async build() {
      const { ansvarAskForm } = await import('../../cards/forms/ansvar-ask.js');
      const { renderFormAdaptive, formDialogTitle } = await import('../../cards/render-form-adaptive.js');
      return { name: this.name, caption: 'Frågan "vem ansvarar för …?"', frame: 'dialog', dialogTitle: formDialogTitle(ansvarAskForm, formCtx), card: renderFormAdaptive(ansvarAskForm, formCtx) };
    },
  },
  {
    name: 'svar-vem-ansvarar',
    async build() {
      const { readImportFiles } = await import('../../domain/ansvarsmatris/import-files.js');
      const { buildSnapshot } = await import('../../domain/ansvarsmatris/build-snapshot.js');
      const { emptySnapshot } = await import('../../domain/ansvarsmatris/schema.js');
      const { buildDirectory } = await import('../../domain/ansvarsmatris/directory.js');
      const { buildSearchIndex } = await import('../../domain/ansvarsmatris/search.js');
      const { answerQuestion } = await import('../../domain/ansvarsmatris/answer.js');
      const { starterDataFiles } = await import('../../starter-data/index.js');
      const { ansvarAnswerView } = await import('../../domain/ansvarsmatris/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      const { tables } = await readImportFiles(await starterDataFiles());
      const { snapshot } = buildSnapshot(tables, emptySnapshot());
      const result = answerQuestion(buildDirectory(snapshot, 1), buildSearchIndex(snapshot), 'vem ansvarar för lex Maria?', { unitId: 'Solgården' });
      return { name: this.name, caption: 'Svaret på "vem ansvarar för lex Maria?" från exempeldatans ansvarsmatris', frame: 'message', card: renderMessageAdaptive(ansvarAnswerView(result, { version: 1 })) };
    },
  },
  {
    name: 'kvitto-avvikelse',
    async build() {
      const { receiptView } = await import('../../domain/cases/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      return { name: this.name, caption: 'Kvittot till den som rapporterade', frame: 'message', card: renderMessageAdaptive(receiptView(await avvikelseSummary('ny', false), false, [{ recipientPersonId: 'olle', name: 'Olle Omsorg', kind: 'case.new', state: 'addressed' }])) };
    },
  },
  {
    name: 'chef-ny-avvikelse',
    async build() {
      const { caseNotificationView } = await import('../../domain/cases/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      return { name: this.name, caption: 'Chefens meddelande om en ny avvikelse, med knapparna för nästa steg', frame: 'message', card: renderMessageAdaptive(caseNotificationView(await avvikelseSummary('ny', true), 'new')) };
    },
  },
  {
    name: 'status-avvikelse',
    async build() {
      const { reporterStatusView } = await import('../../domain/cases/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      return { name: this.name, caption: 'Statusbesked till den som rapporterade när chefen tagit emot ärendet', frame: 'message', card: renderMessageAdaptive(reporterStatusView(await avvikelseSummary('under_utredning', false))) };
    },
  },
  {
    name: 'mina-arenden',
    async build() {
      const { myCasesView } = await import('../../domain/cases/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      const { SynpunktService } = await import('../../domain/synpunkter/flows.js');
      const { caseSettings } = await import('../../domain/cases/settings.js');
      const avv = await avvikelseSummary('under_utredning', true);
      const syn = new SynpunktService(stubDeps({ settings: caseSettings() }));
      const received = new Date('2026-02-27T09:15:00Z');
      const synpunkt = syn.summarize(
        {
          ...unshownCaseFields,
          _id: 'c-example-2',
          kind: 'synpunkt',
          number: 'SYN-2026-0007',
          version: 2,
          type: 'klagomal',
          status: 'mottagen',
          source: 'narstaende',
          channel: 'telefon',
          wantsAnswer: true,
          unitId: 'hemtjanst-norr',
          unitName: 'Hemtjänst Norr',
          receivedAt: received,
          createdAt: received,
          updatedAt: received,
          deadlines: { answer: new Date('2026-03-13T16:00:00Z') },
          nextDueAt: new Date('2026-03-13T16:00:00Z'),
          details: {},
        },
        NOW,
        true,
      );
      return { name: this.name, caption: '"Mina ärenden": försenade ärenden överst', frame: 'message', card: renderMessageAdaptive(myCasesView({ handling: [synpunkt, avv], reported: [] })) };
    },
  },
  {
    name: 'paminnelse',
    async build() {
      const { nudgeCard } = await import('../../domain/paminnelser/messaging.js');
      const { renderMessageAdaptive } = await import('../../cards/render-message.js');
      const view = nudgeCard({
        occurrence: {
          key: 'rutin-lakemedel@2026-03-20',
          title: 'Årlig genomgång av rutinen för läkemedelshantering',
          unit: 'Solgården',
          dueDate: '2026-03-20',
          nominalDate: '2026-03-20',
        },
        stage: { kind: 'lead', days: 4 },
      });
      return { name: this.name, caption: 'En påminnelse med knapparna Klar, Påminn mig senare och Inte min uppgift', frame: 'message', card: renderMessageAdaptive(view) };
    },
  },
];

/** Builds every card whose modules exist; the others are listed in `skipped` with the reason. */
export async function buildCatalogue(): Promise<Catalogue> {
  const shots: Shot[] = [];
  const skipped: Catalogue['skipped'] = [];
  for (const b of builders) {
    try {
      shots.push(await b.build());
    } catch (error) {
      if (!isMissingModule(error)) throw error;
      skipped.push({ name: b.name, reason: (error as Error).message.split('\n')[0] ?? 'module missing' });
    }
  }
  return { shots, skipped };
}
