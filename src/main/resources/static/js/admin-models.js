// What the administrators' editors share (/admin/models): the page's API with its CSRF token, and the outcome area.
window.CoachgrantModels = (function () {
  'use strict';
  var csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  var csrfToken = document.querySelector('meta[name="_csrf"]').content;
  var outcome = document.getElementById('outcome');

  function escape(text) {
    var div = document.createElement('div');
    div.textContent = text == null ? '' : String(text);
    return div.innerHTML;
  }

  function show(html, failed) {
    outcome.innerHTML = html;
    outcome.className = failed ? 'error-summary' : 'notice';
    outcome.focus();
  }

  function post(url, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[csrfHeader] = csrfToken;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (json) { return { status: response.status, body: json }; });
      });
  }

  function problems(list) {
    return '<h2>There is a problem</h2><p>Put these right first:</p><ul>'
      + list.map(function (p) { return '<li>' + escape(p.message) + '</li>'; }).join('') + '</ul>';
  }

  /** Shows a check's answer: passed, the problems, or the refusal's message. */
  function checked(answer, passedText) {
    if (answer.status !== 200) { show('<p>' + escape(answer.body.message) + '</p>', true); }
    else if (answer.body.passed) { show('<p id="checks-passed">' + passedText + '</p>', false); }
    else { show(problems(answer.body.problems), true); }
  }

  // What was deployed, said on the reloaded page (which shows the new version) as the server-rendered pages do.
  var NOTICE = 'coachgrant-models-notice';
  var saved = window.sessionStorage.getItem(NOTICE);
  if (saved && outcome) {
    window.sessionStorage.removeItem(NOTICE);
    outcome.textContent = saved;
    outcome.className = 'notice';
  }

  function deployed(body) {
    var title = document.querySelector('h1');
    var name = title ? title.textContent.trim() : body.key;
    var what = name === body.key ? name : name + ' (' + body.key + ')';
    return body.kind === 'TEMPLATE'
      ? 'Saved: template ' + what + ' is now at version ' + body.toVersion + '. The next email uses it.'
      : 'Deployed: ' + what + ' is now at version ' + body.toVersion + '. New work uses it at once.'
        + (body.kind === 'PROCESS' ? ' Running instances of older versions stay on them until you move them below.' : '');
  }

  /** Shows a refused change, or reloads the page to show the new version and says what was deployed. */
  function changed(answer) {
    if (answer.status === 200) {
      window.sessionStorage.setItem(NOTICE, deployed(answer.body));
      window.location.reload();
    }
    else if (answer.body.problems) { show(problems(answer.body.problems), true); }
    else { show('<p>' + escape(answer.body.message) + '</p>', true); }
  }

  /** The reason a change needs: its error beside the field when it is empty. */
  function reason(id) {
    var field = document.getElementById(id);
    var error = document.getElementById(id + '-error');
    if (!field.value.trim()) {
      error.hidden = false;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', id + '-hint ' + id + '-error');
      field.focus();
      return null;
    }
    error.hidden = true;
    field.removeAttribute('aria-invalid');
    field.setAttribute('aria-describedby', id + '-hint');
    return field.value;
  }

  return { escape: escape, show: show, post: post, checked: checked, changed: changed, reason: reason };
}());
