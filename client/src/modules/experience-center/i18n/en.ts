import type { it } from './it'

/** The experience centre's common words in English: same shape as the Italian catalogue. */
export const en: typeof it = {
  experience: {
    themes: {
      precision_agriculture: 'Precision agriculture',
      digital_crafts: 'Digital crafts',
      construction_4_0: 'Construction 4.0',
      smart_shops: 'Smart shops',
      tourism: 'Tourism',
      restaurants: 'Restaurants',
      services: 'Services',
      advanced_manufacturing: 'Advanced manufacturing',
      additive_manufacturing: 'Additive manufacturing (3D printing)',
      augmented_reality: 'Augmented reality',
      simulation: 'Simulation',
      horizontal_vertical_integration: 'Horizontal and vertical integration',
      industrial_iot: 'Industrial internet of things',
      cloud: 'Cloud',
      cybersecurity: 'Cybersecurity',
      big_data_analytics: 'Big data and analytics',
      ecommerce: 'E-commerce',
      digital_marketing: 'Digital marketing',
    },
  },
}
