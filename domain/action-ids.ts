/**
 * Every action, callback, command and shortcut id the bot uses, in one place. Slack manifests and the Teams app
 * package are checked against this file. Names are `<feature>.<object>.<verb>`.
 */
export const ActionIds = {
  // Welcome / help
  helpShow: 'help.show',
  // Ansvarsmatris
  ansvarAsk: 'ansvar.ask.open',
  ansvarAskSubmit: 'ansvar.ask.submit',
  ansvarAlternative: 'ansvar.alternative.pick',
  // Avvikelser
  avvikelseOpen: 'avvikelse.report.open',
  avvikelseSubmit: 'avvikelse.report.submit',
  avvikelseView: 'avvikelse.case.view',
  avvikelseTransition: 'avvikelse.case.transition',
  avvikelseTransitionSubmit: 'avvikelse.case.transition.submit',
  avvikelseSupplement: 'avvikelse.case.supplement.open',
  avvikelseSupplementSubmit: 'avvikelse.case.supplement.submit',
  // Synpunkter
  synpunktOpen: 'synpunkt.register.open',
  synpunktSubmit: 'synpunkt.register.submit',
  synpunktView: 'synpunkt.case.view',
  synpunktTransition: 'synpunkt.case.transition',
  synpunktTransitionSubmit: 'synpunkt.case.transition.submit',
  sammanstallningOpen: 'statistik.sammanstallning.open',
  /** Slack: send the workbook of a sammanställning as a file in the DM. */
  sammanstallningXlsx: 'statistik.sammanstallning.xlsx',
  // Mina ärenden / uppgifter
  myCases: 'cases.mine.list',
  myTasks: 'tasks.mine.list',
  // Påminnelser
  reminderDone: 'reminder.occurrence.done',
  reminderDoneSubmit: 'reminder.occurrence.done.submit',
  reminderSnooze1d: 'reminder.occurrence.snooze_1d',
  reminderSnooze1w: 'reminder.occurrence.snooze_1w',
  reminderNotMine: 'reminder.occurrence.not_mine',
  // A form shown as a card in the conversation (clients without dialogs): close it without saving.
  formInlineCancel: 'form.inline.cancel',
} as const;

export type ActionId = (typeof ActionIds)[keyof typeof ActionIds];

/** Slack modal callback ids (view_submission). */
export const ViewIds = {
  avvikelseReport: 'avvikelse.report.modal',
  avvikelseCase: 'avvikelse.case.modal',
  avvikelseTransition: 'avvikelse.case.transition.modal',
  avvikelseSupplement: 'avvikelse.case.supplement.modal',
  synpunktRegister: 'synpunkt.register.modal',
  synpunktCase: 'synpunkt.case.modal',
  synpunktTransition: 'synpunkt.case.transition.modal',
  reminderDone: 'reminder.occurrence.done.modal',
  ansvarAsk: 'ansvar.ask.modal',
} as const;

/** Slack slash commands. */
export const SlashCommands = {
  avvikelse: '/avvikelse',
  synpunkt: '/synpunkt',
  vemAnsvarar: '/vemansvarar',
  kvalitet: '/kvalitet',
} as const;

/** Slack global and message shortcuts (callback ids). */
export const ShortcutIds = {
  avvikelseGlobal: 'avvikelse.shortcut.global',
  avvikelseFromMessage: 'avvikelse.shortcut.message',
  synpunktGlobal: 'synpunkt.shortcut.global',
} as const;

/** Teams bot commands (typed in chat) and message extension command ids. */
export const TeamsCommandIds = {
  avvikelseFromMessage: 'avvikelseFromMessage',
} as const;
