"use strict";
// The risk e-map (hazards/risk_map.html): risk points and open hazards from the GeoJSON endpoints.
(function () {
  var node = document.getElementById("risk-map");
  var map = L.map(node, {maxZoom: 18, minZoom: 5}).setView([26.26, 117.64], 8);
  var tileUrl = JSON.parse(document.getElementById("tile-url").textContent);
  if (tileUrl) {
    L.tileLayer(tileUrl, {maxZoom: 18, attribution: JSON.parse(document.getElementById("tile-attribution").textContent)}).addTo(map);
  }
  if (node.dataset.boundaryUrl) {
  fetch(node.dataset.boundaryUrl, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
    if (data) { L.geoJSON(data, {style: {color: "#1f4e79", weight: 1, fill: false}, interactive: false}).addTo(map); }
  });
  }
  L.control.scale({imperial: false}).addTo(map);

  // County and township names at their seats: counties always, townships once zoomed in.
  var seats = JSON.parse(document.getElementById("region-seats").textContent);
  // Names lie above the markers, so a bubble never hides where one is.
  map.createPane("labels").style.zIndex = 650;
  var counties = L.layerGroup(), townships = L.layerGroup();
  seats.forEach(function (seat) {
    var icon = L.divIcon({className: "map-label map-label-" + seat.level, html: "<span>" + esc(seat.name) + "</span>", iconSize: null});
    (seat.level === "county" ? counties : townships).addLayer(
      L.marker([seat.lat, seat.lon], {icon: icon, interactive: false, keyboard: false, pane: "labels"}));
  });
  counties.addTo(map);
  function showTownships() {
    if (map.getZoom() >= 10) { townships.addTo(map); } else { map.removeLayer(townships); }
  }
  map.on("zoomend", showTownships);

  // A cluster takes the colour of the worst item in it: the legend's colours, worst first.
  var legend = JSON.parse(document.getElementById("legend-colours").textContent);
  var LIGHT = ["#ffc107", "#fd7e14"];
  function clusterOf(colours, shape) {
    return L.markerClusterGroup({
      disableClusteringAtZoom: 14,
      iconCreateFunction: function (group) {
        var worst = colours.length - 1;
        group.getAllChildMarkers().forEach(function (marker) { worst = Math.min(worst, marker.options.rank); });
        var colour = colours[worst];
        var light = LIGHT.indexOf(colour.toLowerCase()) >= 0 ? " light" : "";
        return L.divIcon({
          className: "risk-cluster " + shape + light,
          html: '<div style="background:' + colour + '">' + group.getChildCount() + "</div>",
          iconSize: L.point(40, 40)
        });
      }
    });
  }
  function rankOf(colours, colour) {
    var rank = colours.indexOf(colour);
    return rank < 0 ? colours.length - 1 : rank;
  }
  var cluster = clusterOf(legend.points, "round");
  map.addLayer(cluster);
  function esc(text) { var d = document.createElement("div"); d.textContent = text == null ? "" : text; return d.innerHTML; }
  function load() {
    var params = new URLSearchParams(new FormData(document.getElementById("risk-filter")));
    fetch(node.dataset.riskPointsUrl + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        cluster.clearLayers();
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var p = feature.properties;
            return L.marker(latlng, {rank: rankOf(legend.points, p.colour), icon: L.divIcon({className: "", html: '<div class="risk-dot" style="width:14px;height:14px;background:' + p.colour + '"></div>', iconSize: [14, 14]})});
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            marker.bindPopup('<strong><a href="' + esc(p.url) + '">' + esc(p.name) + '</a></strong><br>' +
              esc(p.grade_label) + ' · ' + esc(p.control_level) + '管控<br>' + esc(p.industry) + ' · ' + esc(p.kind) + '<br>' +
              esc(p.region_name) + (p.enterprise ? ' · ' + esc(p.enterprise) : ''));
          }
        });
        cluster.addLayer(layer);
        document.getElementById("risk-count").textContent = "共 " + data.features.length + " 个风险点";
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), {maxZoom: 13}); }
        showTownships();
      });
  }
  var hazards = clusterOf(legend.hazards, "square");
  function loadHazards() {
    hazards.clearLayers();
    if (!document.getElementById("show-hazards").checked) { map.removeLayer(hazards); return; }
    var form = new FormData(document.getElementById("risk-filter"));
    var params = new URLSearchParams();
    ["county", "industry"].forEach(function (name) { if (form.get(name)) { params.set(name, form.get(name)); } });
    fetch(node.dataset.hazardsUrl + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        document.getElementById("hazard-note").textContent = data.truncated
          ? "隐患较多，地图只显示最紧急的 " + data.features.length + " 条（重大隐患、期限最早者优先），请按县或行业筛选。"
          : "";
        hazards.addLayer(L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            var p = feature.properties;
            return L.marker(latlng, {rank: rankOf(legend.hazards, p.colour), icon: L.divIcon({className: "", html: '<div class="risk-dot" style="border-radius:2px;width:12px;height:12px;background:' + p.colour + '"></div>', iconSize: [12, 12]})});
          },
          onEachFeature: function (feature, marker) {
            var p = feature.properties;
            marker.bindPopup('<strong><a href="' + esc(p.url) + '">' + esc(p.title) + '</a></strong><br>' +
              esc(p.grade_label) + ' · ' + esc(p.status_label) + ' · ' + esc(p.colour_label) + '<br>' +
              esc(p.region_name) + ' · 整改期限 ' + esc(p.deadline));
          }
        }));
        map.addLayer(hazards);
      });
  }
  document.getElementById("show-hazards").addEventListener("change", loadHazards);
  document.getElementById("risk-filter").addEventListener("submit", function (e) { e.preventDefault(); load(); loadHazards(); });
  load();
  showTownships();
})();
