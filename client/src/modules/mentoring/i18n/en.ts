/** Mentoring's words shared by its parts, in English. */
export const en = {
  mentoring: {
    modes: { in_person: 'In person', web: 'Web mentoring' },
    areas: {
      strategy: 'Digital business strategy', readiness: 'Digital readiness', human: 'Human-centric digitalisation', data: 'Data management',
      automation: 'Automation and artificial intelligence', green: 'Green digitalisation', egov: 'E-government', security: 'Cybersecurity',
      advanced_manufacturing: 'Advanced manufacturing', additive_manufacturing: 'Additive manufacturing', augmented_reality: 'Augmented reality',
      simulation: 'Simulation', horizontal_vertical_integration: 'Horizontal and vertical integration', industrial_iot: 'Industrial internet of things',
      cloud: 'Cloud', cybersecurity: 'IT security', big_data_analytics: 'Big data and analytics', ecommerce: 'E-commerce',
      digital_marketing: 'Digital marketing',
    },
    languages: { it: 'Italian', en: 'English', de: 'German', fr: 'French', es: 'Spanish', sl: 'Slovenian', ar: 'Arabic', zh: 'Chinese', ro: 'Romanian', sq: 'Albanian' },
    mentorStatuses: { applied: 'Applied', selected: 'Selected', active: 'Active', suspended: 'Suspended', retired: 'Retired', rejected: 'Not selected' },
    matchStatuses: { proposed: 'Proposed', accepted: 'Accepted', declined: 'Declined', withdrawn: 'Withdrawn', closed: 'Closed' },
    requestStatuses: { open: 'Open', matched: 'Matched', closed: 'Closed', withdrawn: 'Withdrawn' },
    requestSources: { firm: 'From the firm', staff: 'From the PID', assessment_plan: "From the assessment's plan" },
    outcomes: { goals_met: 'Goals met', partly_met: 'Goals partly met', not_met: 'Goals not met', discontinued: 'Discontinued' },
    expenseCategories: { travel: 'Travel', accommodation: 'Accommodation', meals: 'Meals', materials: 'Materials', other: 'Other' },
    expenseStatuses: { claimed: 'To approve', approved: 'Approved', rejected: 'Rejected' },
    firm: { accessLabel: 'Mentoring' },
  },
}
