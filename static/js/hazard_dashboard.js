"use strict";
// The hazards panel of the dashboard (hazards/dashboard_panel.html): charts and the small risk map.
(function () {
  var mapNode = document.getElementById("dashboard-map");
  var colours = JSON.parse(document.getElementById("hazard-colours").textContent);
  var pieNode = document.getElementById("hazard-colour-chart");
  // With nothing open the page shows 暂无 instead: a pie of zeros would draw three equal slices.
  if (pieNode) {
    var pie = echarts.init(pieNode);
    pie.setOption({
      tooltip: {trigger: "item"},
      series: [{type: "pie", radius: ["40%", "70%"], label: {formatter: "{b} {c}"},
        data: colours.map(function (c) { return {name: c.label, value: c.count, itemStyle: {color: c.colour}, link: c.value}; })}]
    });
    pie.on("click", function (p) { window.location = mapNode.dataset.listUrl + "?colour=" + p.data.link; });
  }
  var areaNode = document.getElementById("hazard-area-chart");
  if (areaNode) {
    var areas = JSON.parse(document.getElementById("hazard-areas").textContent);
    var bar = echarts.init(areaNode);
    bar.setOption({
      tooltip: {trigger: "axis"}, legend: {}, grid: {left: 40, right: 10, bottom: 60},
      xAxis: {type: "category", data: areas.names, axisLabel: {rotate: 30}},
      yAxis: {type: "value", minInterval: 1},
      series: areas.series.map(function (s) { return {name: s.label, type: "bar", stack: "open", data: s.data, itemStyle: {color: s.colour}}; })
    });
    bar.on("click", function (p) { window.location = mapNode.dataset.listUrl + "?" + mapNode.dataset.areaLevel + "=" + areas.ids[p.dataIndex] + "&is_open=true"; });
  }
  var map = L.map(mapNode, {attributionControl: false, maxZoom: 18}).setView([26.26, 117.64], 8);
  if (mapNode.dataset.tileUrl) { L.tileLayer(mapNode.dataset.tileUrl, {maxZoom: 18}).addTo(map); }
  fetch(mapNode.dataset.riskPointsUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, {radius: 4, color: f.properties.colour, fillColor: f.properties.colour, fillOpacity: .9, weight: 1});
    }}).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), {maxZoom: 12}); }
  });
})();
