// Coachgrant's settings for Camunda Admin, the documented way (config.js, custom scripts, user styles):
// Coachgrant's name, en-GB dates, and the shared script that sends Camunda's own sign-in page to Coachgrant's.
export default {
  app: {
    name: 'Admin',
    vendor: 'Coachgrant'
  },
  locales: {
    availableLocales: ['en'],
    fallbackLocale: 'en'
  },
  dateFormat: {
    monthName: 'MMMM',
    day: 'D',
    abbr: 'D MMM YYYY, HH:mm',
    normal: 'D MMMM YYYY, HH:mm',
    long: 'dddd D MMMM YYYY, HH:mm',
    short: 'D MMMM YYYY'
  },
  // Coachgrant's emails and pages say when to sign in: no Camunda welcome message
  disableWelcomeMessage: true,
  customScripts: ['../tasklist/scripts/coachgrant']
};
