// The administrators' model editor: bpmn-js with the Camunda 7 properties panel, or dmn-js, on the page
// /admin/models/{kind}/{key}. "Check" and "Deploy" send the edited XML to Coachgrant's API (the same checks as
// a deployment from Camunda Modeler) and list every problem it finds.
(function () {
  'use strict';
  var root = document.getElementById('modeler');
  if (!root) { return; }
  var ui = window.CoachgrantModels;
  var api = root.dataset.api;
  var file = root.dataset.file;
  var modeler = root.dataset.kind === 'process'
    ? new BpmnModeler({ container: '#canvas', propertiesPanel: { parent: '#properties' } })
    : new DmnJS({ container: '#canvas' });

  function xml() {
    return modeler.saveXML({ format: true }).then(function (result) { return result.xml; });
  }

  fetch(root.dataset.contentUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (json) { return modeler.importXML(json.content); })
    .then(function () {
      if (root.dataset.kind === 'process') {
        modeler.get('canvas').zoom('fit-viewport');
      }
      root.dataset.ready = 'true';
    })
    .catch(function (error) { ui.show('<p>The editor could not open this model: ' + ui.escape(error.message) + '</p>', true); });

  document.getElementById('check').addEventListener('click', function () {
    xml().then(function (content) { return ui.post(api + '/check', { file: file, content: content }); })
      .then(function (answer) { ui.checked(answer, 'All checks passed: this change can be deployed.'); });
  });

  document.getElementById('deploy').addEventListener('click', function () {
    var reason = ui.reason('deploy-reason');
    if (reason === null) { return; }
    xml().then(function (content) { return ui.post(api + '/deploy', { file: file, content: content, reason: reason }); })
      .then(ui.changed);
  });
}());
