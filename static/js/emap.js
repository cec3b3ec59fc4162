"use strict";
// The e-map of every layer (desk/map.html and the big screen): a switch per layer, names of counties
// and townships, the operator's boundaries, and a popup that opens the record.
(function () {
  var node = document.getElementById("emap");
  if (!node) { return; }
  var config = JSON.parse(document.getElementById("emap-config").textContent);
  var map = L.map(node, {maxZoom: 18, minZoom: 5, preferCanvas: true, zoomControl: !config.screen, attributionControl: !!config.tile_url})
    .setView([26.26, 117.64], 8);
  if (config.tile_url) {
    L.tileLayer(config.tile_url, {maxZoom: 18, attribution: config.tile_attribution}).addTo(map);
  }
  if (config.boundary_url) {
    fetch(config.boundary_url, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data) { L.geoJSON(data, {style: {color: "#1f4e79", weight: 1.5, fill: false}, interactive: false}).addTo(map); }
    });
  }
  if (!config.screen) { L.control.scale({imperial: false}).addTo(map); }

  function esc(text) { var d = document.createElement("div"); d.textContent = text == null ? "" : text; return d.innerHTML; }

  // Names above the markers, so a bubble never hides where one is.
  map.createPane("labels").style.zIndex = 650;
  var counties = L.layerGroup(), townships = L.layerGroup();
  config.labels.forEach(function (label) {
    var icon = L.divIcon({className: "map-label map-label-" + label.level, html: "<span>" + esc(label.name) + "</span>", iconSize: null});
    (label.level === "county" ? counties : townships).addLayer(
      L.marker([label.lat, label.lon], {icon: icon, interactive: false, keyboard: false, pane: "labels"}));
  });
  var onlyTownships = !config.labels.some(function (label) { return label.level === "county"; });
  // Counties' names when the whole city is in view, townships' once zoomed in: never one on top of the other.
  function showTownships() {
    var close = onlyTownships || map.getZoom() >= 11;
    if (close) { townships.addTo(map); map.removeLayer(counties); } else { counties.addTo(map); map.removeLayer(townships); }
  }
  map.on("zoomend", showTownships);
  showTownships();

  function marker(layer, feature, latlng) {
    var colour = feature.properties.colour;
    if (layer.shape === "circle") {
      return L.circleMarker(latlng, {radius: config.screen ? 7 : 6, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.95});
    }
    var size = config.screen ? 20 : 16;
    return L.marker(latlng, {icon: L.divIcon({className: "", iconSize: [size, size],
      html: '<div class="emap-shape emap-' + layer.shape + '" style="--shape-colour:' + colour + '"></div>'})});
  }
  function popup(feature) {
    var p = feature.properties;
    var title = p.url ? '<a href="' + esc(p.url) + '">' + esc(p.title) + "</a>" : esc(p.title);
    return "<strong>" + title + "</strong>" + (p.detail ? "<br>" + esc(p.detail) : "");
  }

  var groups = {}, counts = {}, fitted = false;
  function load(layer) {
    var url = config.layer_url.replace("__key__", layer.key);
    return fetch(url, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      // A layer that fails (a revoked screen link) keeps what it showed; the page says why on reload.
      if (!data) { return null; }
      var group = groups[layer.key];
      group.clearLayers();
      group.addLayer(L.geoJSON(data, {
        pointToLayer: function (feature, latlng) { return marker(layer, feature, latlng); },
        onEachFeature: function (feature, item) { item.bindPopup(popup(feature)); }
      }));
      counts[layer.key] = data.features.length;
      var count = document.querySelector('[data-layer-count="' + layer.key + '"]');
      if (count) { count.textContent = data.features.length; }
      return group;
    });
  }
  function fit() {
    var bounds = L.latLngBounds([]);
    Object.keys(groups).forEach(function (key) {
      if (map.hasLayer(groups[key])) { groups[key].eachLayer(function (l) { if (l.getBounds && l.getLayers().length) { bounds.extend(l.getBounds()); } }); }
    });
    config.labels.forEach(function (label) { bounds.extend([label.lat, label.lon]); });
    if (bounds.isValid()) { map.fitBounds(bounds, {maxZoom: 13, padding: [20, 20]}); fitted = true; }
  }
  function loadAll() {
    return Promise.all(config.layers.map(load)).then(function () {
      if (!fitted) { fit(); }
      node.dataset.loaded = "true";
    });
  }
  config.layers.forEach(function (layer) {
    groups[layer.key] = L.layerGroup();
    var toggle = document.querySelector('input[data-layer="' + layer.key + '"]');
    if (!toggle || toggle.checked) { groups[layer.key].addTo(map); }
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) { groups[layer.key].addTo(map); } else { map.removeLayer(groups[layer.key]); }
      });
    }
  });
  loadAll();
  window.sanmingMap = {reload: loadAll, map: map};
})();
