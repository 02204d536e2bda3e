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
    total: 'Totalt',
    previous: (year: number) => `Föregående år (${year})`,
    change: 'Förändring',
    answered: 'Besvarade',
    inTime: 'Besvarade i tid',
    median: 'Median svarstid (dagar)',
    overdueOpen: 'Obesvarade efter svarsdatum',
    privacyNote: (t: number) => `Grupper med färre än ${t} ärenden är sammanslagna eller visas som "<${t}" så att ingen enskild kan identifieras.`,
    columns: ['Avsnitt', 'Indelning', 'Kategori', 'Antal', 'Föregående år', 'Förändring'],
    answerSheet: 'Svarstider',
    none: 'Inga ärenden under perioden.',
  },
} as const;

export const stat = statistikTexts.sv;
