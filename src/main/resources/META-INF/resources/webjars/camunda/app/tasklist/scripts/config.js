// Coachgrant's settings for Camunda Tasklist, the documented way (config.js, custom scripts, user styles):
// Coachgrant's name, en-GB dates, and the shared script that sends Camunda's own sign-in page to Coachgrant's.
export default {
  app: {
    name: 'Tasklist',
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
  customScripts: ['scripts/coachgrant'],
  // Tasklist's own keyboard shortcuts, as its default config.js has them
  shortcuts: {
    claimTask: {key: 'ctrl+alt+c', description: 'claims the currently selected task'},
    focusFilter: {key: 'ctrl+shift+f', description: 'set the focus to the first filter in the list'},
    focusList: {key: 'ctrl+alt+l', description: 'sets the focus to the first task in the list'},
    focusForm: {key: 'ctrl+alt+f', description: 'sets the focus to the first input field in a task form'},
    startProcess: {key: 'ctrl+alt+p', description: 'opens the start process modal dialog'}
  }
};
