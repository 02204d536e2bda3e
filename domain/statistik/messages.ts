export const statistikTexts = {
  sv: {
    title: (year: number, unit?: string) => `Sammanställning ${year}${unit ? ` – ${unit}` : ''}`,
    synpunkter: 'Synpunkter och klagomål',
    avvikelser: 'Avvikelser, lex Sarah och lex Maria',
    dims: {
      type: 'Per typ',
      source: 'Per avsändare',
      unit: 'Per enhet',
      month: 'Per månad',
      topic: 'Per ämne',
      risk: 'Per risknivå',
    },
    months: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
    other: (t: number) => `Övriga (grupper under ${t})`,
    small: (t: number) => `<${t}`,
    /** A cell hidden only so that a small one cannot be worked out by subtraction. */
    hidden: 'dold',
    total: 'Totalt',
    previous: (year: number) => `Föregående år (${year})`,
    change: 'Förändring',
    answered: 'Besvarade',
    inTime: 'Besvarade i tid',
    median: 'Median svarstid (dagar)',
    overdueOpen: 'Obesvarade efter svarsdatum',
    privacyNote: (t: number) =>
      `Grupper med färre än ${t} ärenden är sammanslagna eller visas som "<${t}" så att ingen enskild kan identifieras; ytterligare en grupp slås ihop eller visas som "dold" när den dolda annars skulle kunna räknas fram ur totalen.`,
    noChart: (t: number) => `Inget diagram: det finns för få ärenden att rita utan att grupper med färre än ${t} ärenden skulle gå att utläsa.`,
    noCases: 'Inget diagram: inga ärenden under perioden.',
    chartPartial: (t: number) => `Diagrammen visar bara grupper med minst ${t} ärenden; de övriga finns i tabellen som "<${t}" eller "dold".`,
    download: 'Ladda ner som Excel (.xlsx)',
    downloadNoteSlack: (minutes: number) => `Knappen skickar Excel-filen hit, bara till dig; den gäller i ${minutes} minuter och varje hämtning loggas.`,
    downloadNote: (minutes: number) => `Länken till Excel-filen gäller i ${minutes} minuter och bara för dig; den som öppnar den loggas.`,
    columns: ['Avsnitt', 'Indelning', 'Kategori', 'Antal', 'Föregående år', 'Förändring'],
    answerSheet: 'Svarstider',
    none: 'Inga ärenden under perioden.',
  },
} as const;

export const stat = statistikTexts.sv;
