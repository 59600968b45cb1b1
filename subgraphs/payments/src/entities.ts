import { AccrualEntity } from './accrual/accrual.entity';
import { PaymentSessionEntity } from './payment/payment-session.entity';
import { ReceiptEntity } from './receipt/receipt.entity';
import { ReconciliationMismatchEntity, ReconciliationReportEntity } from './reconciliation/reconciliation.entity';
import { RefundEntity } from './refund/refund.entity';

/** Every MikroORM entity of the payments schema. */
export const paymentsEntities = [AccrualEntity, ReceiptEntity, PaymentSessionEntity, RefundEntity, ReconciliationReportEntity, ReconciliationMismatchEntity];
