/** The experience centre's common words (Italian, the reference catalogue): themes shared by events and the library. */
export const it = {
  experience: {
    themes: {
      precision_agriculture: 'Agricoltura di precisione',
      digital_crafts: 'Artigianato digitale',
      construction_4_0: 'Edilizia 4.0',
      smart_shops: 'Negozi intelligenti',
      tourism: 'Turismo',
      restaurants: 'Ristorazione',
      services: 'Servizi',
      advanced_manufacturing: 'Manifattura avanzata',
      additive_manufacturing: 'Manifattura additiva (stampa 3D)',
      augmented_reality: 'Realtà aumentata',
      simulation: 'Simulazione',
      horizontal_vertical_integration: 'Integrazione orizzontale e verticale',
      industrial_iot: 'Internet delle cose industriale',
      cloud: 'Cloud',
      cybersecurity: 'Sicurezza informatica',
      big_data_analytics: 'Big data e analisi',
      ecommerce: 'Commercio elettronico',
      digital_marketing: 'Marketing digitale',
    },
  },
}
