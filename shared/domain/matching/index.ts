export * from './match';
export { nameProfile, normalizeName, type NameProfile } from './normalize';
export { compareNames, type Comparison } from './similarity';
