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

  // Fits the diagram beside the palette, not under it, and no smaller than can be read: a long process is
  // then scrolled (drag the canvas) rather than shrunk to a strip.
  function fit() {
    var canvas = modeler.get('canvas');
    canvas.zoom('fit-viewport');
    var box = canvas.viewbox();
    var palette = root.querySelector('.djs-palette');
    var left = (palette ? palette.getBoundingClientRect().right - root.querySelector('#canvas').getBoundingClientRect().left : 0) + 16;
    var width = box.outer.width - left - 16;
    var scale = Math.max(0.6, Math.min(1, width / box.inner.width, (box.outer.height - 32) / box.inner.height));
    canvas.viewbox({
      x: box.inner.x - left / scale,
      y: box.inner.y - Math.max(16, (box.outer.height - box.inner.height * scale) / 2) / scale,
      width: box.outer.width / scale,
      height: box.outer.height / scale
    });
  }

  // Unsaved changes: the browser asks before the page is left, until they are deployed.
  var unsaved = false;
  window.addEventListener('beforeunload', function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  fetch(root.dataset.contentUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (json) { return modeler.importXML(json.content); })
    .then(function () {
      if (root.dataset.kind === 'process') {
        fit();
        modeler.on('commandStack.changed', function () { unsaved = true; });
      } else {
        // dmn-js has a command stack per view (the diagram, each table): watch each as it opens
        var watched = [];
        var watch = function () {
          var viewer = modeler.getActiveViewer();
          if (viewer && watched.indexOf(viewer) < 0) {
            watched.push(viewer);
            viewer.on('commandStack.changed', function () { unsaved = true; });
          }
        };
        watch();
        modeler.on('views.changed', watch);
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
      .then(function (answer) {
        if (answer.status === 200) { unsaved = false; }
        ui.changed(answer);
      });
  });
}());
