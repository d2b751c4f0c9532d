export { agreementBills, agreementMrr, agreementRevenue, FIXED_FEE_SERVICE, type AgreementRevenue, type ServiceAmount } from './agreement';
export { licenceMargins, marginPercent } from './margin';
export { movementsBetween, mrrMonth, retention, revenueMonthOfDigest, type ClientMovement, type MonthResult, type MovementKind, type Movements, type MrrMonth, type Retention } from './month';
export { ClientMrr, MrrNight, ProductMargin, ServiceMrr, mrrByClient, mrrByService, type ClientCountsLike } from './night';
export { mrrTonight, type MrrTonight, type MrrTonightInput } from './tonight';
