// The administrators' model editor: bpmn-js with the Camunda 7 properties panel, or dmn-js, on the page
// /admin/models/{kind}/{key}. "Check" and "Deploy" send the edited XML to Coachgrant's API (the same checks as
// a deployment from Camunda Modeler) and list every problem it finds.
(function () {
  'use strict';
  var root = document.getElementById('modeler');
  if (!root) { return; }
  var kind = root.dataset.kind;
  var api = root.dataset.api;
  var file = root.dataset.file;
  var outcome = document.getElementById('outcome');
  var csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;
  var csrfToken = document.querySelector('meta[name="_csrf"]').content;

  var modeler = kind === 'process'
    ? new BpmnModeler({ container: '#canvas', propertiesPanel: { parent: '#properties' } })
    : new DmnJS({ container: '#canvas' });

  function show(html, failed) {
    outcome.innerHTML = html;
    outcome.className = failed ? 'error-summary' : 'notice';
    outcome.focus();
  }

  function escape(text) {
    var div = document.createElement('div');
    div.textContent = text == null ? '' : String(text);
    return div.innerHTML;
  }

  function problems(list) {
    return '<h2>There is a problem</h2><p>Put these right before you deploy:</p><ul>'
      + list.map(function (p) { return '<li>' + escape(p.message) + '</li>'; }).join('') + '</ul>';
  }

  function post(path, body) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[csrfHeader] = csrfToken;
    return fetch(api + path, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.json().then(function (json) { return { status: response.status, body: json }; });
      });
  }

  function xml() {
    return modeler.saveXML({ format: true }).then(function (result) { return result.xml; });
  }

  fetch(root.dataset.contentUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (json) { return modeler.importXML(json.content); })
    .then(function () {
      if (kind === 'process') {
        modeler.get('canvas').zoom('fit-viewport');
      }
      root.dataset.ready = 'true';
    })
    .catch(function (error) { show('<p>The editor could not open this model: ' + escape(error.message) + '</p>', true); });

  document.getElementById('check').addEventListener('click', function () {
    xml().then(function (content) { return post('/check', { file: file, content: content }); }).then(function (answer) {
      if (answer.status !== 200) {
        show('<p>' + escape(answer.body.message) + '</p>', true);
      } else if (answer.body.passed) {
        show('<p id="checks-passed">All checks passed: this change can be deployed.</p>', false);
      } else {
        show(problems(answer.body.problems), true);
      }
    });
  });

  document.getElementById('deploy').addEventListener('click', function () {
    var reason = document.getElementById('deploy-reason');
    var error = document.getElementById('deploy-reason-error');
    if (!reason.value.trim()) {
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.setAttribute('aria-describedby', 'deploy-reason-hint deploy-reason-error');
      reason.focus();
      return;
    }
    error.hidden = true;
    reason.removeAttribute('aria-invalid');
    xml().then(function (content) { return post('/deploy', { file: file, content: content, reason: reason.value }); })
      .then(function (answer) {
        if (answer.status === 200) {
          window.location.reload();
        } else if (answer.body.problems) {
          show(problems(answer.body.problems), true);
        } else {
          show('<p>' + escape(answer.body.message) + '</p>', true);
        }
      });
  });
}());
