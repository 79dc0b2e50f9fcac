// Follows an enrolment import on its own page: every 1.5 s it reads the page again and, while the import runs, changes
// only what the live region says (so a screen reader hears the progress, politely, and focus stays where it is); once
// the import has finished or stopped it shows the report and stops. Without JavaScript, "Check again" does the same.
(function () {
  var region = document.getElementById('import-report');
  if (!region || !window.fetch || !window.DOMParser) { return; }
  var RUNNING = ['QUEUED', 'RUNNING'];
  var INTERVAL = 1500;
  var failures = 0;

  function running(element) {
    return RUNNING.indexOf(element.getAttribute('data-import-state')) >= 0;
  }

  // The region's parts around the live region are replaced only when the state changes; the live region keeps its
  // element. Focus that was on a part which goes (the "Check again" button) moves to the heading, not to the top.
  function show(fresh) {
    var live = document.getElementById('import-status');
    var freshLive = fresh.querySelector('#import-status');
    if (!live || !freshLive) { return; }
    if (fresh.getAttribute('data-import-state') !== region.getAttribute('data-import-state')) {
      var focusLost = region.contains(document.activeElement) && !live.contains(document.activeElement);
      Array.prototype.slice.call(region.children).forEach(function (child) {
        if (child !== live) { region.removeChild(child); }
      });
      var after = false;
      Array.prototype.slice.call(fresh.children).forEach(function (child) {
        if (child === freshLive) { after = true; return; }
        var copy = document.importNode(child, true);
        if (after) { region.appendChild(copy); } else { region.insertBefore(copy, live); }
      });
      region.setAttribute('data-import-state', fresh.getAttribute('data-import-state'));
      if (focusLost) {
        var heading = document.getElementById('report-heading');
        if (heading) { heading.focus(); }
      }
    }
    if (live.innerHTML !== freshLive.innerHTML) { live.innerHTML = freshLive.innerHTML; }
  }

  function poll() {
    if (document.hidden) { setTimeout(poll, INTERVAL); return; }
    fetch(region.getAttribute('data-poll'), { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('import-report');
        // signed out meanwhile (the sign-in page came back): leave the page as it is, with "Check again"
        if (!fresh) { return; }
        failures = 0;
        show(fresh);
        if (running(fresh)) { setTimeout(poll, INTERVAL); }
      })
      .catch(function () {
        // a server restarting or a network gone for a moment: try a few more times, more slowly, then leave it
        failures += 1;
        if (failures < 5) { setTimeout(poll, INTERVAL * (failures + 1)); }
      });
  }

  if (running(region)) { setTimeout(poll, INTERVAL); }
})();
