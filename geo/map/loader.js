// How a linked layer's data arrives: fetched without blocking the page (folium's own
// request is synchronous: each file held the page's one thread until it arrived, ~50 ms
// a file). The requests of the layers shown start at once, and the layers are filled in
// the page's order; a layer unticked at start (districts, the 2017 outlines) is fetched
// when first shown. `window.kgtjPending` counts the layers still waiting, for tests and
// the benchmark to know when the map is complete. Defined once on the map (geo.map.loader);
// each linked layer's script calls it.
window.kgtjLoad = (function () {
    var queue = Promise.resolve();
    window.kgtjPending = 0;
    function load(url, add) {
        window.kgtjPending += 1;
        var data = fetch(url).then(function (response) {
            if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
            return response.json();
        });
        queue = queue.then(function () { return data; }).then(add)
            .catch(function (error) { console.error("layer not loaded:", error); })
            .then(function () { window.kgtjPending -= 1; });
    }
    return function (layer, url, add) {
        // once the page's script has run, the layers shown are on the map
        Promise.resolve().then(function () {
            if (layer._map) { load(url, add); }
            else { layer.once("add", function () { load(url, add); }); }
        });
    };
})();
