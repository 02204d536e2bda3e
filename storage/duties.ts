import type { AnsvarService } from '../domain/ansvarsmatris/service.js';
import type { DutySource } from '../domain/paminnelser/flows.js';

/**
 * The recurring duties of the active ansvarsmatris, for the reminders. Roles are given by name (what admins read in
 * notices and the dry run); the directory resolves names and aliases alike.
 */
export function matrixDuties(ansvar: Pick<AnsvarService, 'directory'>): DutySource {
  return {
    async listDuties() {
      const dir = await ansvar.directory();
      return dir.entries().map((e) => ({
        id: e.id,
        aktivitet: e.aktivitet,
        ansvarig: e.ansvariga.map((roleId) => dir.role(roleId)?.name ?? roleId),
        frekvens: e.frekvens || 'Löpande',
        ...(e.rapporterasTill ? { rapporterasTill: e.rapporterasTill } : {}),
      }));
    },
  };
}
