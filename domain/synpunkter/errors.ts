import type { ErrorCatalogue } from '../errors.js';

/** The synpunkt catalogue (assembled in `domain/errors.ts`). */
export const synpunktErrors = {
  'synpunkt.received_in_future': {
    sv: 'Datumet när synpunkten kom in ligger i framtiden. Ange dagens datum eller ett tidigare.',
    en: 'The date received is in the future.',
  },
  'synpunkt.answer_date_invalid': {
    sv: (p) => `Svarsdatumet för ${p.number} måste ligga mellan dagen synpunkten kom in och i dag.`,
    en: (p) => `The answer date of ${p.number} must be between the day received and today.`,
  },
  'synpunkt.answer_required': {
    sv: (p) => `${p.number} kan avslutas först när svaret är registrerat ("Besvarad" med en kort sammanfattning och datum).`,
    en: (p) => `${p.number} can be closed only after the answer is recorded.`,
  },
  'synpunkt.same_unit': {
    sv: (p) => `${p.number} hör redan till den enheten. Välj en annan enhet att vidarebefordra till.`,
    en: (p) => `${p.number} already belongs to that unit.`,
  },
} satisfies ErrorCatalogue;
