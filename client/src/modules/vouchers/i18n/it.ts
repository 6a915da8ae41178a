import { staffIt } from './staff.it'
import { firmIt } from './firm.it'
import { evaluationIt } from './evaluation.it'
import { reportingIt } from './reporting.it'
import { detailsIt } from './details.it'

/** The vouchers module's messages (Italian, the reference catalogue): its problem codes and everything under `vouchers.`. */
export const it = {
  problems: {
    voucher_call_not_open: 'Il bando non è aperto: le domande si presentano solo tra apertura e chiusura.',
    voucher_not_eligible: "L'impresa non ha i requisiti del bando.",
    voucher_incomplete: 'La domanda è incompleta: controlla spese, dichiarazioni e documenti.',
    voucher_de_minimis_exceeded: "Il massimale de minimis dell'impresa è già raggiunto.",
  },
  vouchers: { ...staffIt, ...firmIt, ...evaluationIt, ...reportingIt, ...detailsIt },
}

export type VouchersMessages = typeof it
