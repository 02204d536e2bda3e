/**
 * A Teams-like host config (light theme) for the official renderer: Teams' font stack and sizes, its foreground
 * colours and spacing. Segoe UI is not installed on Linux, so the pictures use the next font in the stack.
 */
const FONT_STACK = '"Segoe UI", "Segoe UI Web (West European)", "Open Sans", "Noto Sans", system-ui, sans-serif';

const foreground = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#ffffff', subtle: '#f0f0f0' },
  accent: { default: '#5b5fc7', subtle: '#4f52b2' },
  good: { default: '#0e700e', subtle: '#107c10' },
  warning: { default: '#8a3707', subtle: '#bc4b09' },
  attention: { default: '#c4314b', subtle: '#b10e1c' },
};

export const teamsLightHostConfig = {
  supportsInteractivity: true,
  fontTypes: {
    default: {
      fontFamily: FONT_STACK,
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: 'Consolas, "DejaVu Sans Mono", monospace',
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
    },
  },
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: foreground },
    emphasis: { backgroundColor: '#f5f5f5', foregroundColors: foreground },
    accent: { backgroundColor: '#e8ebfa', foregroundColors: foreground },
    good: { backgroundColor: '#f1faf1', foregroundColors: foreground },
    attention: { backgroundColor: '#fdf3f4', foregroundColors: foreground },
    warning: { backgroundColor: '#fff9f5', foregroundColors: foreground },
  },
  actions: {
    maxActions: 6,
    spacing: 'Default',
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
    iconPlacement: 'LeftOfTitle',
    allowTitleToWrap: true,
  },
  factSet: {
    title: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Bolder', wrap: true, maxWidth: 170 },
    value: { color: 'Default', size: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 12,
  },
  inputs: {
    label: {
      requiredInputs: { weight: 'Default', suffix: ' *', suffixColor: 'Attention' },
      optionalInputs: { weight: 'Default' },
      inputSpacing: 'Small',
    },
    errorMessage: { size: 'Small', spacing: 'Small', weight: 'Default' },
  },
  textBlock: { headingLevel: 2 },
};
