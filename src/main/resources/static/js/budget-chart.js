// Draws the budget chart from the figures the page states in text (the chart repeats them, never replaces them).
(function () {
  var canvas = document.getElementById('budget-chart');
  if (!canvas || typeof Chart === 'undefined') { return; }
  var d = canvas.dataset;
  var pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: ['Released', 'Committed, not yet released', 'Remaining'],
      datasets: [{
        label: 'Budget',
        data: [Number(d.released), Number(d.committedUnreleased), Number(d.remaining)],
        backgroundColor: ['#00703c', '#1d4f91', '#b1b4b6'],
        borderColor: '#0b0c0c', borderWidth: 1
      }]
    },
    options: {
      indexAxis: 'y', animation: false, maintainAspectRatio: false,
      plugins: { legend: { display: false },
        tooltip: { callbacks: { label: function (c) { return pounds.format(c.parsed.x); } } } },
      scales: { x: { beginAtZero: true, ticks: { callback: function (v) { return pounds.format(v); } } } }
    }
  });
})();
