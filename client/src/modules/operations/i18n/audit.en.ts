import type { auditNamesIt } from './audit.it'

export const auditNamesEn: typeof auditNamesIt = {
  actions: {
    assessment: {
      plan_item: {
        created: 'Plan item created',
        updated: 'Plan item updated',
      },
      questionnaire: {
        created: 'Questionnaire created',
        published: 'Questionnaire published',
        updated: 'Questionnaire updated',
      },
      reviewed: 'Self-assessment reviewed',
      service: {
        created: 'Catalogue service created',
        updated: 'Catalogue service updated',
      },
      started: 'Self-assessment started',
      submitted: 'Self-assessment submitted',
    },
    auth: {
      invitation_accepted: 'Invitation accepted',
      account_locked: 'Account locked after too many attempts',
      login_failed: 'Sign-in failed',
      login: 'Sign-in',
      login_locked: 'Sign-in locked after too many attempts',
      logout: 'Sign-out',
      password_change_failed: 'Password change failed',
      password_changed: 'Password changed',
      password_reset: 'Password reset',
      refresh: 'Session renewed',
      refresh_reused: 'Session renewal reused: sessions ended',
    },
    budget: {
      commit: 'Commitment',
      release: 'Commitment released',
      spend: 'Expenditure recorded',
      line: {
        added: 'Budget line added',
        updated: 'Budget line updated',
      },
      plan: {
        created: 'Budget plan created',
        rolled_over: 'Plan rolled over to the next year',
        total_accepted: 'Plan total accepted',
      },
      programme: {
        created: 'Programme created',
        thresholds: 'Programme thresholds changed',
      },
      reallocation: {
        approved: 'Reallocation approved',
        proposed: 'Reallocation proposed',
        rejected: 'Reallocation rejected',
      },
    },
    chamber: {
      created: 'Chamber created',
      merged: 'Chambers merged',
    },
    crm: {
      campaign: {
        closed: 'Campaign closed',
        created: 'Campaign created',
        outcome: 'Campaign outcome recorded',
      },
      consent: {
        granted: 'Consent given',
        withdrawn: 'Consent withdrawn',
      },
      contact: {
        created: 'Contact created',
        erased: 'Contact data erased',
        exported: 'Contact data exported',
        updated: 'Contact updated',
      },
      contacts: {
        viewed: 'Contacts viewed',
      },
      duplicates: {
        dismissed: 'Possible duplicate dismissed',
        scan_requested: 'Duplicate scan requested',
        scanned: 'Duplicate scan done',
      },
      firm: {
        created: 'Firm registered',
        merged: 'Firms merged',
        updated: 'Firm updated',
      },
      firms: {
        exported: 'Firm list exported',
      },
      import: {
        completed: 'Import completed',
        failed: 'Import failed',
        queued: 'Import queued',
      },
      partner: {
        created: 'Partner created',
        updated: 'Partner updated',
      },
      partner_agreement: {
        created: 'Partner agreement created',
        updated: 'Partner agreement updated',
      },
      partner_consent: {
        granted: 'Consent to partner referrals given',
        withdrawn: 'Consent to partner referrals withdrawn',
      },
      partner_member: {
        linked: 'User linked to the partner',
        unlinked: 'User unlinked from the partner',
      },
      referral: {
        cancelled: 'Referral cancelled',
        created: 'Referral to a partner',
        accepted: 'Referral accepted by the partner',
        declined: 'Referral declined by the partner',
        started: 'Referral taken up by the partner',
        completed: 'Referral completed by the partner',
        reminded: 'Partner reminded',
      },
      segment: {
        created: 'Segment created',
        deleted: 'Segment deleted',
        updated: 'Segment updated',
      },
      settings: {
        updated: 'CRM settings updated',
      },
      stage: {
        changed: 'Stage changed',
      },
      timeline: {
        recorded: 'Timeline activity recorded',
      },
    },
    demo: {
      seeded: 'Demo data loaded',
    },
    firm_access: {
      link_created: 'Personal link sent to the firm',
      link_revoked: 'Personal link revoked',
      session_opened: 'Firm signed in with its personal link',
    },
    user: {
      created: 'User created',
      invited: 'User invited',
      profile_updated: 'Profile updated',
      updated: 'User updated',
    },
    vouchers: {
      application: {
        granted: 'Voucher granted',
        not_funded: 'Application not funded',
        not_admitted: 'Application not admitted',
        submitted: 'Voucher application submitted',
        admitted: 'Application admitted',
        admissibility: 'Admissibility checklist recorded',
        created: 'Voucher application started',
        paid: 'Voucher paid',
        revoked: 'Voucher revoked',
        scored: 'Scores recorded',
        updated: 'Voucher application updated',
        withdrawn: 'Application withdrawn',
      },
      call: {
        closed: 'Call closed',
        closed_out: 'Call closed out',
        created: 'Call created',
        deleted: 'Call deleted',
        proposal_cleared: 'Proposal cleared',
        proposal_computed: 'Proposal computed',
        published: 'Call published',
        updated: 'Call updated',
      },
      document: {
        removed: 'Document removed',
        uploaded: 'Document uploaded',
      },
      report: {
        checked: 'Report checked',
        file_added: 'File added to the report',
        invoice_added: 'Invoice added to the report',
        invoice_checked: 'Invoice checked',
        invoice_removed: 'Invoice removed from the report',
        submitted: 'Report submitted',
      },
    },
  },
  entities: {
    assessment: 'self-assessment',
    assessment_plan_item: 'plan item',
    assessment_questionnaire: 'questionnaire',
    assessment_service: 'catalogue service',
    budget_line: 'budget line',
    budget_plan: 'budget plan',
    budget_programme: 'programme',
    budget_reallocation: 'reallocation',
    campaign: 'campaign',
    chamber: 'chamber',
    contact: 'contact',
    crm_settings: 'CRM settings',
    firm: 'firm',
    firm_access_link: 'personal link',
    import_run: 'import',
    network: 'chamber network',
    partner: 'partner',
    partner_agreement: 'agreement',
    referral: 'referral',
    segment: 'segment',
    user: 'user',
    voucher_application: 'voucher application',
    voucher_call: 'voucher call',
  },
}
