// Coachgrant's settings for Camunda's webapps, shared by each app's scripts/config.js (the documented
// customisation): Coachgrant's name, en-GB dates, and the custom script that sends Camunda's own sign-in
// page to Coachgrant's (and, in Tasklist, sorts, places messages and confirms: coachgrant.js).
export default function coachgrant(name) {
  return {
    app: {
      name: name,
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
    // a path from the app's own folder (app/<name>/)
    customScripts: ['../tasklist/scripts/coachgrant']
  };
}
