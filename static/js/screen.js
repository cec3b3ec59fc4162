"use strict";
// The big screen: fetch the numbers again every few seconds and redraw them; the map's layers too.
(function () {
  var root = document.getElementById("screen");
  var every = Math.max(1, parseInt(root.dataset.refresh, 10) || 60) * 1000;
  var rounds = 0;
  function text(node, value) { if (node && node.textContent !== String(value)) { node.textContent = value; } }
  function trend(node, t, caption) {
    if (!node) { return; }
    node.className = "screen-trend" + (t ? " screen-trend-" + t.tone : "");
    node.textContent = t ? caption + " " + t.arrow + (t.delta ? t.delta : "") : "";
  }
  function draw(data) {
    text(document.getElementById("screen-updated"), data.updated_at);
    data.figures.forEach(function (figure) {
      var box = document.querySelector('[data-figure="' + figure.slug + '"]');
      if (!box) { return; }
      text(box.querySelector(".screen-value"), figure.value);
      trend(box.querySelector(".screen-mom"), figure.month_over_month, "环比");
      trend(box.querySelector(".screen-yoy"), figure.year_over_year, "同比");
    });
    var body = document.getElementById("screen-ranking");
    if (body) {
      body.replaceChildren.apply(body, data.ranking.map(function (row) {
        var tr = document.createElement("tr");
        [row.place, row.name, row.overdue, row.open].forEach(function (value, i) {
          var td = document.createElement("td");
          td.textContent = value;
          if (i === 2 && row.overdue) { td.className = "screen-bad"; }
          tr.appendChild(td);
        });
        return tr;
      }));
    }
  }
  function refresh() {
    fetch(root.dataset.dataUrl, {cache: "no-store"})
      .then(function (r) {
        if (r.status === 410 || r.status === 404) { window.location.reload(); throw new Error("gone"); }
        return r.json();
      })
      .then(function (data) {
        draw(data);
        rounds += 1;
        root.dataset.refreshes = String(rounds);
        if (window.sanmingMap) { window.sanmingMap.reload(); }
      })
      .catch(function () { /* a failed round keeps the last numbers; the next round tries again */ });
  }
  setInterval(refresh, every);
})();
