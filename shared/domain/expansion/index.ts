export { OPPORTUNITY_KINDS, type Opportunity, type OpportunityKind } from './opportunity';
export { recipeFor, unitPrice } from './prices';
export { endOfSupport, expansionForClient, expansionForNight, expansionSignals, type ExpansionInput } from './signals';
