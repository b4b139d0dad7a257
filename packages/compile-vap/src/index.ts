export { vapBackend } from './backend.ts';
export { compileVap, VAP, VAP_FILE, validationActions, vapObjects } from './compile-vap.ts';
