import { vocabIt } from './vocab.it'
import { vocabEn } from './vocab.en'
import { firmsIt } from './firms.it'
import { firmsEn } from './firms.en'
import { outreachIt } from './outreach.it'
import { outreachEn } from './outreach.en'

/** The CRM's messages, under `crm.` in both catalogues (it.ts and en.ts). */
export const crmIt = { vocab: vocabIt, ...firmsIt, ...outreachIt }
export const crmEn: typeof crmIt = { vocab: vocabEn, ...firmsEn, ...outreachEn }
