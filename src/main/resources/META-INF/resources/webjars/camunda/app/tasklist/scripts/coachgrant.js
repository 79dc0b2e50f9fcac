// Coachgrant in Camunda's webapps: a custom script (config.js `customScripts`), loaded by Tasklist,
// Cockpit and Admin before they start. It changes no Camunda file.
//
// In every webapp:
// - Camunda's own sign-in page (#/login) is not a way in: the person is sent to Coachgrant's sign-in,
//   and comes back to the webapp after it; after "Sign out" in a webapp's menu, to /login?signedOut.
// In Tasklist:
// - a list whose filter says how it is sorted (Coachgrant's filters: by due date) opens sorted so;
// - a refused submission is shown beside the form's buttons, without covering them;
// - a completed task is confirmed ("Your training plan was received");
// - a notification says Coachgrant's words without the loader's "<task> <- " before them.

const base = document.querySelector('base');
const appRoot = (base && base.getAttribute('app-root')) || '/camunda';
const root = appRoot.replace(/\/camunda\/?$/, '');
const appName = (base && base.getAttribute('app-name')) || '';
const engine = (window.location.pathname.match(/\/app\/\w+\/([\w-]+)\//) || [])[1] || 'default';
const SIGNED_OUT = 'coachgrant.signedOut';
const SENT_TO_SIGN_IN = 'coachgrant.sentToSignIn';

// ---- sign-in and sign-out -------------------------------------------------------------------------

// once the page is on its way to the sign-in, nothing else may send it elsewhere (this runs every moment)
let leaving = false;

function toCoachgrantSignIn() {
  if (leaving || !window.location.hash.startsWith('#/login')) {
    return;
  }
  leaving = true;
  if (sessionStorage.getItem(SIGNED_OUT)) {
    sessionStorage.removeItem(SIGNED_OUT);
    window.location.replace(root + '/login?signedOut');
    return;
  }
  // The webapp's own address: Coachgrant's sign-in answers it when nobody is signed in, and sends the
  // person back here afterwards. Should the webapp still ask for its login (signed in to Coachgrant,
  // not to the webapp), the sign-in page itself, once, never a loop.
  const last = Number(sessionStorage.getItem(SENT_TO_SIGN_IN) || 0);
  sessionStorage.setItem(SENT_TO_SIGN_IN, String(Date.now()));
  window.location.replace(Date.now() - last < 15000 ? root + '/login' : window.location.pathname);
}

// ---- what the webapp asks the server, watched (never changed) --------------------------------------

const tasks = {};
const open = XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.open = function (method, url) {
  const address = String(url);
  const verb = String(method).toUpperCase();
  if (verb === 'POST' && /\/auth\/user\/[^/]+\/logout$/.test(address)) {
    sessionStorage.setItem(SIGNED_OUT, 'yes');
  }
  const task = address.match(/\/task\/([0-9a-f-]{36})(\/submit-form|\/complete)?(\?|$)/);
  if (task) {
    this.addEventListener('load', () => {
      if (verb === 'GET' && !task[2] && this.status === 200) {
        try {
          const body = JSON.parse(this.responseText);
          tasks[task[1]] = {key: body.taskDefinitionKey, name: body.name};
        } catch (e) {
          // not the task itself
        }
      } else if (verb === 'POST' && task[2]) {
        submitted(task[1], this.status, this.responseText);
      }
    });
  }
  return open.apply(this, arguments);
};

// ---- Tasklist: sorting, refusals beside the buttons, confirmations ---------------------------------

let filters = null;

// Tasklist sorts every list by creation date unless the address says otherwise: a filter whose
// properties name a sorting (Coachgrant's filters: soonest due first) opens sorted so, once for each
// filter while the page is open; the person's own choice in the sorting menu stands after that.
const sorted = new Set();

function filterSorting() {
  const hash = window.location.hash;
  const filter = (hash.match(/[?&]filter=([\w-]+)/) || [])[1];
  if (!filter || sorted.has(filter)) {
    return;
  }
  const current = decodeURIComponent((hash.match(/[?&]sorting=([^&]*)/) || [])[1] || '');
  if (current && current.replace(/\s/g, '') !== '[{"sortBy":"created","sortOrder":"desc"}]') {
    return;
  }
  if (filters === null) {
    filters = {};
    fetch(appRoot + '/api/engine/engine/' + engine + '/filter?resourceType=Task', {headers: {Accept: 'application/json'}})
        .then(response => response.ok ? response.json() : [])
        .then(list => list.forEach(f => { filters[f.id] = f.properties || {}; }))
        .catch(() => {});
    return;
  }
  const properties = filters[filter];
  if (properties && properties.sortBy) {
    sorted.add(filter);
    const sorting = JSON.stringify([{sortBy: properties.sortBy, sortOrder: properties.sortOrder || 'asc'}]);
    const rest = hash.replace(/([?&])sorting=[^&]*&?/, '$1').replace(/[?&]$/, '');
    window.location.replace(rest + (rest.includes('?') ? '&' : '?') + 'sorting=' + encodeURIComponent(sorting));
  }
}

const CONFIRMATIONS = {
  Task_SubmitTrainingPlan: ['Your training plan was received.',
    'A reviewer will look at it next; we have emailed you that it arrived. You will hear from us when it is decided.'],
  Task_ReportImpact: ['Your impact report was received.', 'We have emailed you; the programme will look at it next.']
};

function message(kind, title, text) {
  document.querySelectorAll('.coachgrant-message').forEach(old => old.remove());
  const box = document.createElement('div');
  box.className = 'coachgrant-message ' + kind;
  box.setAttribute('role', kind === 'refused' ? 'alert' : 'status');
  box.tabIndex = -1;
  const heading = document.createElement('strong');
  heading.textContent = title;
  box.appendChild(heading);
  box.appendChild(document.createTextNode(text));
  return box;
}

function submitted(taskId, status, responseText) {
  const task = tasks[taskId] || {};
  if (status < 300) {
    const [title, text] = CONFIRMATIONS[task.key] || ['Done.', '“' + (task.name || 'The task') + '” is complete.'];
    // once Tasklist has taken the task out, its pane says "Select a task in the list.": the confirmation goes above it
    let tries = 0;
    const place = setInterval(() => {
      const empty = Array.from(document.querySelectorAll('.well, .alert, .no-task'))
          .find(e => /Select a task/.test(e.textContent));
      if (empty || ++tries > 20) {
        clearInterval(place);
        const box = message('received', title, text);
        if (empty) {
          empty.parentNode.insertBefore(box, empty);
        } else {
          (document.querySelector('.task-details, [cam-tasklist-task]') || document.body).prepend(box);
        }
        box.focus();
      }
    }, 150);
    return;
  }
  let text = 'It could not be submitted.';
  try {
    text = JSON.parse(responseText).message || text;
  } catch (e) {
    // an answer that is not Coachgrant's: the general words
  }
  showRefusal(text);
}

function showRefusal(text) {
  const box = message('refused', 'Please correct this, then submit again:', text);
  const buttons = document.querySelector('.task-details .form-actions, [cam-tasklist-form] .form-actions, .form-actions');
  if (buttons) {
    buttons.parentNode.insertBefore(box, buttons);
  } else {
    (document.querySelector('[cam-tasklist-form], .task-details') || document.body).prepend(box);
  }
  box.scrollIntoView({block: 'center'});
  box.focus({preventScroll: true});
  // Tasklist's own pop-up says the same, over the buttons: it goes, however late Tasklist draws it (a busy
  // browser can take a second or more), for the next few seconds
  const until = Date.now() + 5000;
  const removePopUps = () => {
    document.querySelectorAll('.page-notifications .alert-danger, .notifications .alert-danger').forEach(alert => alert.remove());
    if (Date.now() < until) {
      setTimeout(removePopUps, 100);
    }
  };
  removePopUps();
}

// ---- notifications in plain words -------------------------------------------------------------------

// Camunda's route loader prefixes a refused load with the name of what it loaded ("<task> <- This task was
// not found…"), and the notification shows that as escaped text: the person reads Coachgrant's words alone.
const LOADER_PREFIX = /(<|&lt;)[\w.-]+(>|&gt;) (<|&lt;)- /g;

function plainNotifications() {
  document.querySelectorAll('.page-notifications, .notifications').forEach(area => {
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const plain = node.nodeValue.replace(LOADER_PREFIX, '');
      if (plain !== node.nodeValue) {
        node.nodeValue = plain;
      }
    }
    // what is left of the heading is the message again: said once
    area.querySelectorAll('.alert').forEach(alert => {
      const status = alert.querySelector('.status');
      const message = alert.querySelector('.message');
      if (status && message && !status.hidden && status.textContent.trim() === message.textContent.trim()) {
        status.hidden = true;
        const colon = status.nextElementSibling;
        if (colon && colon.textContent.trim() === ':') {
          colon.hidden = true;
        }
      }
    });
  });
}

new MutationObserver(plainNotifications).observe(document.documentElement, {childList: true, subtree: true, characterData: true});

// ---- run ----------------------------------------------------------------------------------------

function everyMoment() {
  toCoachgrantSignIn();
  // the header takes Coachgrant's name from config.js; a page title Admin builds from its own keeps Camunda's
  if (/^Camunda\b/.test(document.title)) {
    document.title = document.title.replace(/^Camunda/, 'Coachgrant');
  }
  if (appName === 'tasklist') {
    filterSorting();
  }
}

window.addEventListener('hashchange', everyMoment);
setInterval(everyMoment, 400);
everyMoment();

export default [];
