import { ActionIds } from '../domain/action-ids.js';
import type { MessageView } from '../domain/view.js';

/** The first card a person sees (install, "hjälp", Slack App Home). */
export function welcomeView(options: { displayName?: string } = {}): MessageView {
  const greeting = options.displayName ? `Hej ${options.displayName}!` : 'Hej!';
  return {
    title: `${greeting} Jag är kvalitetsboten.`,
    text: [
      'Jag hjälper dig med ledningssystemet för systematiskt kvalitetsarbete (SOSFS 2011:9), direkt här i chatten.',
      'Det här kan jag:',
    ],
    list: [
      { title: 'Rapportera en avvikelse', detail: 'Även lex Sarah (missförhållanden) och lex Maria (vårdskador). Din chef får veta direkt.' },
      { title: 'Registrera en synpunkt eller ett klagomål', detail: 'Från en brukare, en närstående eller någon annan – också anonymt.' },
      { title: 'Svara på "vem ansvarar för …?"', detail: 'Skriv till exempel: vem ansvarar för lex Maria?' },
      { title: 'Visa dina ärenden och uppgifter', detail: 'Ärenden du rapporterat eller handlägger, och påminnelser om rutiner och uppföljningar.' },
    ],
    actions: [
      { kind: 'submit', id: ActionIds.avvikelseOpen, label: 'Rapportera avvikelse', style: 'primary', opensDialog: true },
      { kind: 'submit', id: ActionIds.synpunktOpen, label: 'Registrera synpunkt', opensDialog: true },
      { kind: 'submit', id: ActionIds.ansvarAsk, label: 'Vem ansvarar?', opensDialog: true },
      { kind: 'submit', id: ActionIds.myCases, label: 'Mina ärenden' },
      { kind: 'submit', id: ActionIds.myTasks, label: 'Mina uppgifter' },
    ],
    footnote: 'Skriv aldrig personnummer eller namn på brukare i chatten. Uppgifter om ärenden visas bara i formulär för dem som har behörighet.',
  };
}
