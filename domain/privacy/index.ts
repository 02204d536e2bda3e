export * from './personnummer.js';
export * from './guard.js';
export { PrivacyErrors } from './errors.js';
