// The widget's configuration (every key: jl-consent/schema.json), rendered into <head> by the layout.
export const consentConfig = {
  revision: 1,
  policyUrl: '/privacy',
  pixelUrl: '/vendor/pixel.js',
  categories: [
    { id: 'analytics' },
    { id: 'advertising' },
    { id: 'functional', services: ['yandex-maps'] },
  ],
};
