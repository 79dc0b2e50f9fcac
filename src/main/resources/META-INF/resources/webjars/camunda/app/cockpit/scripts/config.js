// Camunda Cockpit as Coachgrant: see ../../tasklist/scripts/coachgrant-config.js.
import coachgrant from '../../tasklist/scripts/coachgrant-config.js';

export default coachgrant('Cockpit');
