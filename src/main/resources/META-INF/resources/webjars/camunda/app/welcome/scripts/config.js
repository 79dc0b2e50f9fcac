// Coachgrant's settings for Camunda's Welcome page: Coachgrant's name and en-GB dates (see ../../tasklist/scripts/config.js).
export default {
  app: {
    name: 'Welcome',
    vendor: 'Coachgrant'
  },
  locales: {
    availableLocales: ['en'],
    fallbackLocale: 'en'
  },
  disableWelcomeMessage: true
};
