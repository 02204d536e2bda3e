import type { FieldOption, FormContext } from '../../../cards/form.js';
import { avvikelseForm, toAvvikelseReport, type AvvikelseFormValues } from '../../../cards/forms/avvikelse.js';
import { detectLexSignals, lexSuggestionText } from '../../../cards/forms/lex-signals.js';
import { synpunktForm, toSynpunktRegistration, type SynpunktFormValues } from '../../../cards/forms/synpunkt.js';
import type { AvvikelseService } from '../../../domain/avvikelser/service.js';
import type { Clock } from '../../../domain/clock.js';
import { AppError } from '../../../domain/errors.js';
import { registerComplaintWithLexReport } from '../../../domain/synpunkter/lex-link.js';
import type { SynpunktService } from '../../../domain/synpunkter/service.js';
import type { People } from '../../../wiring/people.js';
import type { HostedForm } from '../forms.js';
import type { ChatUser } from '../../../domain/chat.js';

export interface CaseFormDeps {
  avvikelser: AvvikelseService;
  synpunkter: SynpunktService;
  people: People;
  clock: Clock;
}

/** Units to choose from (value = unit id), and the user's own unit preselected. */
export async function unitContext(deps: Pick<CaseFormDeps, 'people' | 'clock'>, user: ChatUser): Promise<FormContext> {
  const dir = await deps.people.directory();
  const units: FieldOption[] = dir.listUnits().map((u) => ({ value: u.id, label: u.name }));
  if (units.length === 0) throw new AppError('forms.no_units');
  const defaultUnitId = await deps.people.defaultUnitOf(user);
  return { now: deps.clock.now(), units, ...(defaultUnitId ? { defaultUnitId } : {}) };
}

export function avvikelseReportForm(deps: CaseFormDeps): HostedForm<AvvikelseFormValues> {
  return {
    definition: avvikelseForm,
    context: (user) => unitContext(deps, user),
    async submit(values, meta, user) {
      const actor = await deps.people.actorFor(user);
      const result = await deps.avvikelser.submit(actor, toAvvikelseReport(values, meta.token));
      return { view: result.view, summary: `Tack! Rapporten är sparad som ${result.case.number}.` };
    },
  };
}

export function synpunktRegisterForm(deps: CaseFormDeps): HostedForm<SynpunktFormValues> {
  return {
    definition: synpunktForm,
    context: (user) => unitContext(deps, user),
    // A complaint that describes a missförhållande (vårdskada) is registered and answered as a complaint AND reported
    // under lex Sarah (lex Maria): the first submit says so, the second registers both, linked.
    async review(values, meta) {
      if (meta.context.lexAck === '1') return undefined;
      const kind = detectLexSignals(values.description).suggestions[0];
      if (!kind) return undefined;
      return { notice: lexSuggestionText(kind), context: { ...meta.context, lexAck: '1', lexKind: kind } };
    },
    async submit(values, meta, user) {
      const actor = await deps.people.actorFor(user);
      const registration = toSynpunktRegistration(values, meta.token, deps.clock.now());
      const kind = meta.context.lexKind === 'lex_sarah' || meta.context.lexKind === 'lex_maria' ? meta.context.lexKind : undefined;
      if (kind) {
        const both = await registerComplaintWithLexReport(deps, actor, registration, kind);
        const view = { ...both.synpunkt.view, text: [...(both.synpunkt.view.text ?? []), both.receiptLine] };
        return { view, summary: `Tack! Synpunkten är registrerad som ${both.synpunkt.case.number} och rapporten som ${both.lex.case.number}.` };
      }
      const result = await deps.synpunkter.register(actor, registration);
      return { view: result.view, summary: `Tack! Synpunkten är registrerad som ${result.case.number}.` };
    },
  };
}
