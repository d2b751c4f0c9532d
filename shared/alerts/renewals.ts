import { longDate, money, perMonth, plural } from '../mail/format';
import type { RenewalAlertModel } from '../mail/models';
import { LEVEL } from '../mail/render-renewal';
import { churnText, nextSteps } from '../mail/renewal-signals';
import { MAX_ITEMS, openableLink, type AlertMessage, type AlertItem } from './message';

/**
 * One night's renewal alerts for one channel, in one post (Slack allows about one message a
 * second, and Teams flows are throttled): the same words as each vCIO email, riskiest first.
 */
export function renewalsMessage(models: readonly RenewalAlertModel[]): AlertMessage {
  const order = { high: 0, medium: 1, low: 2 } as const;
  const sorted = [...models].sort((a, b) => order[a.risk.level] - order[b.risk.level] || a.alert.daysLeft - b.alert.daysLeft);
  const shown = sorted.slice(0, MAX_ITEMS);
  const cur = sorted[0]?.msp.currency ?? 'USD';
  const atStake = sorted.reduce((n, m) => n + m.alert.mrrCents, 0);
  const high = sorted.filter((m) => m.risk.level === 'high').length;
  const only = sorted.length === 1 ? sorted[0] : undefined;
  return {
    title: only
      ? `${LEVEL[only.risk.level].word} renewal risk: ${only.alert.clientName}, agreement ends in ${plural(only.alert.daysLeft, 'day')}`
      : `${plural(sorted.length, 'renewal alert')} tonight (${high} high risk)`,
    facts: [
      { label: 'Agreements', value: String(sorted.length) },
      { label: 'At stake', value: `${perMonth(atStake, cur)} (${money(atStake * 12, cur)} a year)` },
    ],
    items: shown.map(renewalItem),
    ...(sorted.length > shown.length ? { more: `${plural(sorted.length - shown.length, 'more alert')} in the vCIOs' emails.` } : {}),
    links: [],
  };
}

function renewalItem(m: RenewalAlertModel): AlertItem {
  const a = m.alert;
  const cur = m.msp.currency;
  const reasons = m.risk.churn.map((c) => churnText(c, cur));
  const link = openableLink('Open the agreement', a.agreementUrl);
  return {
    heading: `${LEVEL[m.risk.level].word} risk: ${a.clientName}`,
    text: [
      `${a.agreementName} ends on ${longDate(a.endDate)} (${plural(a.daysLeft, 'day')} left): ${perMonth(a.mrrCents, cur)} at stake.`,
      ...reasons,
      `Next: ${nextSteps(m)[0]}`,
    ].join('\n'),
    ...(link ? { link } : {}),
  };
}
