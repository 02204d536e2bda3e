import { beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory, type OrgDirectory } from '../../../domain/ansvarsmatris/directory.js';
import { fold, words } from '../../../domain/ansvarsmatris/text.js';
import { loadStarterSnapshot } from './question-set.js';

let d: OrgDirectory;
beforeAll(async () => {
  const snapshot = await loadStarterSnapshot();
  // Give one person chat ids, as an import with teams_id/slack_id columns would.
  const olle = snapshot.people.find((p) => p.email === 'olle.omsorg@exempel.se')!;
  olle.teamsAadObjectId = '00000000-0000-0000-0000-0000000000aa';
  olle.slackUserId = 'U0OLLE';
  d = buildDirectory(snapshot, 7);
});

const names = (ps: Array<{ name: string }>) => ps.map((p) => p.name);

describe('Directory', () => {
  it('resolves a role for a unit by walking up to the nearest holder', () => {
    expect(names(d.holdersOf('Enhetschef', 'solgarden'))).toEqual(['Olle Omsorg']);
    // Nobody holds MAS at Solgården: the förvaltning-level holder answers.
    expect(names(d.holdersOf('MAS', 'solgarden'))).toEqual(['Maria Modell']);
    expect(names(d.holdersOf('Avdelningschef', 'solgarden'))).toEqual(['Åsa Äldre']);
    expect(names(d.holdersOf('Avdelningschef', 'vuxenenheten'))).toEqual(['Ivar Individ']);
    // At the root there is no enhetschef.
    expect(d.holdersOf('Enhetschef', 'socialforvaltningen')).toEqual([]);
  });

  it('knows roles by alias and in definite form', () => {
    expect(d.roleByNameOrAlias('Socialchef')?.name).toBe('Förvaltningschef');
    expect(d.roleByNameOrAlias('socialdirektören')?.name).toBe('Förvaltningschef');
    expect(d.roleByNameOrAlias('medicinskt ansvarig sjuksköterska')?.name).toBe('MAS');
    expect(d.roleByNameOrAlias('enhetschefen')?.name).toBe('Enhetschef');
    expect(d.roleByNameOrAlias('kock')).toBeUndefined();
  });

  it('tells a reader which words can start a role or unit name, without missing one the look-ups would find', () => {
    // Every multi-word phrase the role look-up finds starts with a word roleMayStartWith accepts.
    for (const phrase of ['medicinskt ansvarig sjuksköterska', 'Medicinskt Ansvarig Sjukskoterska', 'medicinskt ansvariga sjuksköterskan', 'chef för nämndkontoret']) {
      const ws = words(phrase);
      if (d.roleByNameOrAlias(ws.join(' '))) expect(d.roleMayStartWith(ws[0]!), phrase).toBe(true);
    }
    for (const r of d.listRoles()) {
      for (const n of [r.name, ...r.aliases]) {
        const ws = words(n);
        if (ws.length > 1 && d.roleByNameOrAlias(ws.join(' '))) expect(d.roleMayStartWith(ws[0]!), n).toBe(true);
      }
    }
    // A unit is read away from a preposition only when the words are written like its name.
    for (const u of d.listUnits()) {
      for (const n of [u.name, u.shortName, ...u.aliases]) if (n && fold(n) === words(n).map(fold).join(' ')) expect(d.unitNameMayStartWith(words(n)[0]!), n).toBe(true);
    }
    // Words that start no name are refused, so the reader skips the runs they begin.
    expect(d.roleMayStartWith('vem')).toBe(false);
    expect(d.roleMayStartWith('rutiner')).toBe(false);
    expect(d.unitNameMayStartWith('ansvarar')).toBe(false);
  });

  it('finds units by name, short name, alias, genitive and a small typo', () => {
    expect(d.unitByNameOrAlias('IFO')?.id).toBe('individ-och-familjeomsorg');
    expect(d.unitByNameOrAlias('solgårdens')?.id).toBe('solgarden');
    expect(d.unitByNameOrAlias('Solgårdn')?.id).toBe('solgarden');
    expect(d.unitByNameOrAlias('Månstorp')).toBeUndefined();
    expect(d.ancestorsOf('solgarden')[1]?.name).toBe('Äldreomsorg');
    expect(d.listUnits().length).toBe(13);
  });

  it('maps chat users to people by e-mail, Teams AAD id and Slack id', () => {
    expect(d.findPersonByEmail('OLLE.OMSORG@exempel.se ')?.name).toBe('Olle Omsorg');
    expect(d.findPersonByTeamsId('00000000-0000-0000-0000-0000000000AA')?.name).toBe('Olle Omsorg');
    expect(d.findPersonBySlackId('U0OLLE')?.name).toBe('Olle Omsorg');
    expect(d.findPersonBySlackId('U0NOBODY')).toBeUndefined();
    expect(d.unitsOfPerson('kim.kvalitet@exempel.se').map((u) => u.id).sort()).toEqual(['forvaltningsstaben', 'socialforvaltningen']);
  });

  it('escalates enhetschef → avdelningschef → förvaltningschef', () => {
    expect(names(d.managerOf('mia.medarbetare@exempel.se', 'solgarden'))).toEqual(['Olle Omsorg']);
    expect(names(d.managerOf('olle.omsorg@exempel.se', 'solgarden'))).toEqual(['Åsa Äldre']);
    expect(names(d.managerOf('asa.aldre@exempel.se', 'aldreomsorg'))).toEqual(['Eva Exempelsson']);
    expect(d.managerOf('eva.exempelsson@exempel.se', 'socialforvaltningen')).toEqual([]);
  });

  it('lists the duties of a role (reverse lookup)', () => {
    const duties = d.entriesForRole('MAS').map((e) => e.aktivitet);
    expect(duties).toContain('Patientsäkerhetsberättelse');
    expect(duties.every((a) => !a.startsWith('Introduktion'))).toBe(true);
  });
});
